-- When an action was last saved (to refuse a save made over a teammate's newer one).
SELECT updated_at FROM action_item WHERE id = ?;

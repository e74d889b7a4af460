-- Unlink all of an action's findings (before linking anew).
DELETE FROM action_finding WHERE action_id = ?;

-- Soft-delete an action (it can be restored).
UPDATE action_item SET deleted_at = ?, updated_by = ?, updated_at = ? WHERE id = ?;

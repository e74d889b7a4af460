-- Restore a deleted action.
UPDATE action_item SET deleted_at = NULL, updated_by = ?, updated_at = ? WHERE id = ?;

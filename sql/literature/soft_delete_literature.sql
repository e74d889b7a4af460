-- Soft-delete a reference.
UPDATE literature SET deleted_at = ? WHERE id = ?;

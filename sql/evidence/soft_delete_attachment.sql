-- Soft-delete a file.
UPDATE attachment SET deleted_at = ? WHERE id = ?;

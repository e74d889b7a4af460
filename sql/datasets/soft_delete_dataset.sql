-- Soft-delete a data set.
UPDATE dataset SET deleted_at = ? WHERE id = ?;

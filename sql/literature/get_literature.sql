-- One live reference.
SELECT * FROM literature WHERE id = ? AND deleted_at IS NULL;

-- Restore a soft-deleted evidence item.
UPDATE evidence_item SET deleted_at = NULL, deleted_by = NULL WHERE id = ?;

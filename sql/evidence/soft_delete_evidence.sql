-- Soft-delete an evidence item.
UPDATE evidence_item SET deleted_at = ?, deleted_by = ? WHERE id = ?;

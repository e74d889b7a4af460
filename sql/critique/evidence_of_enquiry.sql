-- The evidence item, if it belongs to this enquiry.
SELECT id FROM evidence_item WHERE id = ? AND enquiry_id = ? AND deleted_at IS NULL;

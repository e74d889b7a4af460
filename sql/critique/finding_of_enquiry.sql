-- The finding, if it belongs to this enquiry.
SELECT id FROM finding WHERE id = ? AND enquiry_id = ? AND deleted_at IS NULL;

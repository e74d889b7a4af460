-- A live action of this enquiry (for a critique answer naming the action it led to).
SELECT id FROM action_item WHERE id = ? AND enquiry_id = ? AND deleted_at IS NULL;

-- The ids of an enquiry's live actions.
SELECT id FROM action_item WHERE enquiry_id = ? AND deleted_at IS NULL ORDER BY review_on, id;

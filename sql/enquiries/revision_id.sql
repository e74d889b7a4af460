-- The id of an enquiry's question revision by number.
SELECT id FROM question_revision WHERE enquiry_id = ? AND revision_no = ?;

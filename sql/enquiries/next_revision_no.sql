-- The number the next revision of a question takes.
SELECT coalesce(max(revision_no), 0) + 1 FROM question_revision WHERE enquiry_id = ?;

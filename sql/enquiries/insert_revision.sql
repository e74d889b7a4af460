-- Record a version of the question.
INSERT INTO question_revision (enquiry_id, revision_no, question, reason, prompted_by, revised_by, revised_at)
VALUES (?, ?, ?, ?, ?, ?, ?);

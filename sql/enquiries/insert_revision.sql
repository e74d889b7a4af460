-- Record a version of the question, with what prompted it (free text, and optionally the
-- meeting, clinic booking or critique item).
INSERT INTO question_revision (enquiry_id, revision_no, question, reason, prompted_by, revised_by, revised_at,
                               prompted_meeting_id, prompted_booking_id, prompted_critique_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- Record that a person came to a meeting.
INSERT INTO meeting_attendance (meeting_id, person_id) VALUES (?, ?);

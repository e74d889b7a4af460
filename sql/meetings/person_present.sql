-- Whether a person was recorded as present at a meeting.
SELECT 1 FROM meeting_attendance WHERE meeting_id = ? AND person_id = ?;

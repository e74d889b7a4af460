-- Forget who came to a meeting (before recording it again).
DELETE FROM meeting_attendance WHERE meeting_id = ?;

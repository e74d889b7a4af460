-- A booking's follow-ups by date.
SELECT id, what, who, due_on, done FROM follow_up WHERE booking_id = ? ORDER BY due_on, id;

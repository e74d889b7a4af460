-- Add a follow-up to a clinic booking; returns its id.
INSERT INTO follow_up (booking_id, what, who, due_on) VALUES (?, ?, ?, ?) RETURNING id;

-- Record a booking request; returns its id.
INSERT INTO clinic_booking (slot_id, team_id, topic, help_wanted, booked_by, booked_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id;

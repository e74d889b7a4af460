-- Publish a clinic slot; returns its id.
INSERT INTO clinic_slot (cycle_id, facilitator_id, starts_at, minutes, place, link) VALUES (?, ?, ?, ?, ?, ?) RETURNING id;

-- Schedule a meeting; returns its id.
INSERT INTO meeting (cycle_id, title, held_on, place, agenda, protocol, facilitator_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id;

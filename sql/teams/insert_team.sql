-- Add a team; returns the new id.
INSERT INTO team (cycle_id, school_id, name) VALUES (?, ?, ?) RETURNING id;

-- A cycle's conference: day, venue and hours; returns its id.
INSERT INTO conference (cycle_id, held_on, venue, starts_at, ends_at, updated_by, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id;

-- Add one calendar milestone to a cycle.
INSERT INTO milestone (cycle_id, title, kind, due_on) VALUES (?, ?, ?, ?);

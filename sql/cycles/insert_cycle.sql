-- Add a cycle; returns the new id.
INSERT INTO cycle (label, starts_on, ends_on) VALUES (?, ?, ?) RETURNING id;

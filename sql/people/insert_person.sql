-- Add a person; returns the new id.
INSERT INTO person (name, email, school_id) VALUES (?, ?, ?) RETURNING id;

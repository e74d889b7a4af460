-- Add a tag; returns its id.
INSERT INTO codebook_tag (name, description, status, proposed_by, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id;

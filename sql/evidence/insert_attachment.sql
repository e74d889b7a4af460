-- Keep a file with an evidence item; returns its id.
INSERT INTO attachment (evidence_id, filename, mime_type, size_bytes, content, created_by, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id;

-- An evidence item's files, without their content.
SELECT id, filename, mime_type, size_bytes, created_at FROM attachment WHERE evidence_id = ? AND deleted_at IS NULL ORDER BY id;

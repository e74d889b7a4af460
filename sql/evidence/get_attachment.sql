-- One file with its content.
SELECT id, evidence_id, filename, mime_type, content FROM attachment WHERE id = ? AND deleted_at IS NULL;

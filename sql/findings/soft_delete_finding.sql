-- Soft-delete a finding.
UPDATE finding SET deleted_at = ? WHERE id = ?;

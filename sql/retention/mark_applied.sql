-- Record when a cycle's retention was carried out.
UPDATE "cycle" SET retention_applied_at = ? WHERE id = ?;

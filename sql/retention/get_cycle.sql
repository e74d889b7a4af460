-- One cycle's retention setting: when it ends, the period in years and when it was last applied.
SELECT id, label, ends_on, retention_years, retention_applied_at FROM "cycle" WHERE id = ?;

-- Every cycle's retention setting, oldest first.
SELECT id, label, ends_on, retention_years, retention_applied_at FROM "cycle" ORDER BY starts_on;

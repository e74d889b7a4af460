-- Retention: how many years after a cycle ends its personal data and pupil data sets are deleted
-- (NULL: kept until an administrator sets a period), and when that deletion was carried out.
ALTER TABLE cycle ADD COLUMN retention_years INTEGER;
ALTER TABLE cycle ADD COLUMN retention_applied_at TIMESTAMP;

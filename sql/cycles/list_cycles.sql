-- All cycles, newest first.
SELECT id, label, starts_on, ends_on FROM cycle ORDER BY starts_on DESC;

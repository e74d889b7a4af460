-- The smallest group of pupils the alliance shows (5 when no alliance is recorded yet).
SELECT coalesce(max(disclosure_threshold), 5) FROM alliance WHERE id = 1;

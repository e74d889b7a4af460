-- One cycle.
SELECT id, label, starts_on, ends_on FROM cycle WHERE id = ?;

-- The team a school has in a cycle, if any.
SELECT id FROM team WHERE cycle_id = ? AND school_id = ?;

-- Teams of a cycle.
SELECT id FROM team WHERE cycle_id = ?;

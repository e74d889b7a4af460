-- Remove a cycle's calendar (before saving it anew).
DELETE FROM milestone WHERE cycle_id = ?;

-- The next milestones of a cycle from a date on.
SELECT title, kind, due_on FROM milestone WHERE cycle_id = ? AND due_on >= ? ORDER BY due_on, id LIMIT ?;

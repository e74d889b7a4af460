-- A cycle's calendar in date order.
SELECT title, kind, due_on FROM milestone WHERE cycle_id = ? ORDER BY due_on, id;

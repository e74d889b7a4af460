-- Record a reference's key points and bearing.
UPDATE literature SET key_points = ?, bearing = ? WHERE id = ?;

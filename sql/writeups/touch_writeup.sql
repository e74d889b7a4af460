-- Record who last changed a write-up, and when.
UPDATE writeup SET updated_at = ?, updated_by = ? WHERE id = ?;

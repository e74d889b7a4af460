-- Mark a write-up ready (with the time) or back to draft (ready_at cleared).
UPDATE writeup SET status = ?, ready_at = ?, updated_at = ?, updated_by = ? WHERE id = ?;

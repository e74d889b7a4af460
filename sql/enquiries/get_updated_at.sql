-- When an enquiry was last saved (its version for concurrent edits).
SELECT updated_at FROM enquiry WHERE id = ?;

-- The team an enquiry belongs to.
SELECT team_id FROM enquiry WHERE id = ?;

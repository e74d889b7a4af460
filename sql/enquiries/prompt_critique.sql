-- The critique item that prompted a revision (to check it is on this enquiry).
SELECT * FROM critique_item WHERE id = ?;

-- The school with this URN.
SELECT id, name FROM school WHERE urn = ?;

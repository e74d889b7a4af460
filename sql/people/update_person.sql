-- Change a person's details.
UPDATE person SET name = ?, email = ?, school_id = ? WHERE id = ?;

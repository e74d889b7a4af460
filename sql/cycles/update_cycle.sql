-- Change a cycle's label or dates.
UPDATE cycle SET label = ?, starts_on = ?, ends_on = ? WHERE id = ?;

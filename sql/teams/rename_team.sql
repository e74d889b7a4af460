-- Rename a team.
UPDATE team SET name = ? WHERE id = ?;

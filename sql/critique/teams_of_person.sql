-- The teams a person belongs to (any cycle).
SELECT team_id AS id FROM team_member WHERE person_id = ?;

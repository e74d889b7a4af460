-- Whether a person is a member of a team.
SELECT 1 FROM team_member WHERE team_id = ? AND person_id = ?;

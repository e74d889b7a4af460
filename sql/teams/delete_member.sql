-- Remove a member from a team.
DELETE FROM team_member WHERE team_id = ? AND person_id = ?;

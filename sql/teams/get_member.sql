-- One membership.
SELECT team_id, person_id, is_lead FROM team_member WHERE team_id = ? AND person_id = ?;

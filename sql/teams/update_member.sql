-- Change whether a member leads the team.
UPDATE team_member SET is_lead = ? WHERE team_id = ? AND person_id = ?;

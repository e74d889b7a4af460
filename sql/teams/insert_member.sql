-- Add a member to a team.
INSERT INTO team_member (team_id, person_id, is_lead) VALUES (?, ?, ?);

-- A team attends a meeting.
INSERT INTO meeting_team (meeting_id, team_id) VALUES (?, ?);

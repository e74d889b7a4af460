-- The meeting, if this team attended it.
SELECT meeting_id FROM meeting_team WHERE meeting_id = ? AND team_id = ?;

-- Put a team in a group (and lock or unlock it).
UPDATE meeting_team SET group_no = ?, locked = ? WHERE meeting_id = ? AND team_id = ?;

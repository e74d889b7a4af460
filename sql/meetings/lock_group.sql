-- Lock or unlock a whole group.
UPDATE meeting_team SET locked = ? WHERE meeting_id = ? AND group_no = ?;

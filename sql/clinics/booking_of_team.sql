-- The booking, if it is this team's.
SELECT id FROM clinic_booking WHERE id = ? AND team_id = ?;

-- One follow-up with the team it belongs to.
SELECT f.*, b.team_id FROM follow_up f JOIN clinic_booking b ON b.id = f.booking_id WHERE f.id = ?;

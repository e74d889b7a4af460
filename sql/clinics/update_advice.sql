-- Record a clinic's notes and advice.
UPDATE clinic_booking SET notes = ?, advice = ? WHERE id = ?;

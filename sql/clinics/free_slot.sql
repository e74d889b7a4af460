-- Free a slot held by this booking.
UPDATE clinic_slot SET booking_id = NULL WHERE id = ? AND booking_id = ?;

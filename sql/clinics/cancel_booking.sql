-- Cancel a booking.
UPDATE clinic_booking SET cancelled_at = ? WHERE id = ?;

-- Withdraw a free slot (it leaves the timetable; bookings are cancelled first).
UPDATE clinic_slot SET withdrawn_at = ? WHERE id = ? AND booking_id IS NULL;

-- Give a free slot to a booking; returns nothing when the slot was already taken.
UPDATE clinic_slot SET booking_id = ? WHERE id = ? AND booking_id IS NULL RETURNING id;

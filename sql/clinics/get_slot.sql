-- One clinic slot.
SELECT * FROM clinic_slot WHERE id = ?;

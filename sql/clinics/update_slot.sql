-- Move a slot or change its place or link.
UPDATE clinic_slot SET starts_at = ?, minutes = ?, place = ?, link = ? WHERE id = ?;

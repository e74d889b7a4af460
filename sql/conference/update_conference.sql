-- Change a conference's day, venue or hours.
UPDATE conference SET held_on = ?, venue = ?, starts_at = ?, ends_at = ?, updated_by = ?, updated_at = ?
WHERE id = ?;

-- Save an evidence item's fields.
UPDATE evidence_item SET title = ?, kind = ?, origin = ?, voices = ?, participants = ?, participant_count = ?,
    collected_on = ?, collected_by = ?, summary = ?, notes = ?, quotes = ?, consent = ?, sensitivity = ?, updated_at = ?
WHERE id = ?;

-- Change a session's title, theme, room, time or length.
UPDATE conference_session SET title = ?, theme = ?, room = ?, starts_at = ?, minutes = ?, updated_by = ?,
       updated_at = ?
WHERE id = ?;

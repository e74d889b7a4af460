-- Take a session off the programme (kept, with its presenters, for the record).
UPDATE conference_session SET deleted_at = ?, updated_by = ?, updated_at = ? WHERE id = ?;

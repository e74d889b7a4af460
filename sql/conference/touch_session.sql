-- A session's presenters changed: a new version of the session.
UPDATE conference_session SET updated_by = ?, updated_at = ? WHERE id = ?;

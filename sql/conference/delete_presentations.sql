-- Clear a session's presenters (before storing the new running order).
DELETE FROM presentation WHERE session_id = ?;

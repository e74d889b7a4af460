-- A session of the conference; returns its id.
INSERT INTO conference_session (conference_id, title, theme, room, starts_at, minutes, updated_by, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id;

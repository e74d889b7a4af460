-- One session (live or deleted) with its conference's cycle, day and hours, and who last changed it.
SELECT s.id, s.conference_id, s.title, s.theme, s.room, s.starts_at, s.minutes, s.updated_at, s.deleted_at,
       p.name AS updated_by_name, c.cycle_id, c.held_on, c.starts_at AS day_starts, c.ends_at AS day_ends
FROM conference_session s JOIN conference c ON c.id = s.conference_id LEFT JOIN person p ON p.id = s.updated_by
WHERE s.id = ?;

-- A conference's live sessions in time order (then room), with who last changed each.
SELECT s.id, s.conference_id, s.title, s.theme, s.room, s.starts_at, s.minutes,
       s.starts_at + to_minutes(s.minutes) AS ends_at, s.updated_at, p.name AS updated_by_name
FROM conference_session s LEFT JOIN person p ON p.id = s.updated_by
WHERE s.conference_id = ? AND s.deleted_at IS NULL
ORDER BY s.starts_at, s.room, s.id;

-- Live sessions of the conference in the same room (names compared without case or outer spaces)
-- whose time overlaps [$starts_at, $ends_at), other than the session itself.
SELECT id, title, room, starts_at, minutes, starts_at + to_minutes(minutes) AS ends_at
FROM conference_session
WHERE conference_id = $conference_id AND deleted_at IS NULL AND id <> $session_id
  AND lower(trim(room)) = lower(trim($room))
  AND starts_at < $ends_at AND starts_at + to_minutes(minutes) > $starts_at
ORDER BY starts_at
LIMIT 1;

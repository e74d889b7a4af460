-- Enquiries among $enquiry_ids already presenting in another live session of the conference whose
-- time overlaps [$starts_at, $ends_at), with that session and the school.
SELECT pr.enquiry_id, sc.name AS school, t.name AS team, s.id AS session_id, s.title, s.room, s.starts_at,
       s.starts_at + to_minutes(s.minutes) AS ends_at
FROM presentation pr
JOIN conference_session s ON s.id = pr.session_id
JOIN enquiry e ON e.id = pr.enquiry_id JOIN team t ON t.id = e.team_id JOIN school sc ON sc.id = t.school_id
WHERE s.conference_id = $conference_id AND s.deleted_at IS NULL AND s.id <> $session_id
  AND list_contains($enquiry_ids, pr.enquiry_id)
  AND s.starts_at < $ends_at AND s.starts_at + to_minutes(s.minutes) > $starts_at
ORDER BY s.starts_at, sc.name;

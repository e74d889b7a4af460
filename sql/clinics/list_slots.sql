-- A cycle's live clinic slots with facilitator and, when booked, the team and topic.
SELECT s.id, s.starts_at, s.minutes, s.place, s.link, s.facilitator_id, p.name AS facilitator, s.booking_id, b.team_id,
       sc.name AS school, t.name AS team, b.topic
FROM clinic_slot s JOIN person p ON p.id = s.facilitator_id
LEFT JOIN clinic_booking b ON b.id = s.booking_id
LEFT JOIN team t ON t.id = b.team_id LEFT JOIN school sc ON sc.id = t.school_id
WHERE s.cycle_id = ? AND s.withdrawn_at IS NULL
ORDER BY s.starts_at;

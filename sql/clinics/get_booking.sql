-- One booking with its slot, team and facilitator.
SELECT b.*, s.starts_at, s.minutes, s.place, s.link, s.facilitator_id, p.name AS facilitator, t.name AS team
FROM clinic_booking b JOIN clinic_slot s ON s.id = b.slot_id JOIN person p ON p.id = s.facilitator_id
JOIN team t ON t.id = b.team_id
WHERE b.id = ?;

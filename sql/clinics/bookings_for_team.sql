-- A team's clinic bookings (live and cancelled), newest first, with advice and open follow-ups.
SELECT b.id, s.starts_at, s.minutes, s.place, s.link, p.name AS facilitator, b.topic, b.help_wanted,
       b.notes, b.advice, b.cancelled_at,
       (SELECT count(*) FROM follow_up f WHERE f.booking_id = b.id AND NOT f.done) AS open_follow_ups
FROM clinic_booking b JOIN clinic_slot s ON s.id = b.slot_id JOIN person p ON p.id = s.facilitator_id
WHERE b.team_id = ?
ORDER BY s.starts_at DESC;

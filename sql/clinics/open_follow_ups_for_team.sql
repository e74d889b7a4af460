-- A team's follow-ups not yet done (on bookings that were not cancelled), earliest due first,
-- with the clinic they came from.
SELECT f.id, f.what, f.who, f.due_on, s.starts_at AS clinic_at, p.name AS facilitator
FROM follow_up f
JOIN clinic_booking b ON b.id = f.booking_id
JOIN clinic_slot s ON s.id = b.slot_id
JOIN person p ON p.id = s.facilitator_id
WHERE b.team_id = ? AND NOT f.done AND b.cancelled_at IS NULL
ORDER BY f.due_on, f.id;

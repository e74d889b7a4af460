-- A live slot of this facilitator that overlaps [start, end): ends after start and starts before end.
SELECT id, starts_at, minutes FROM clinic_slot
WHERE facilitator_id = ? AND withdrawn_at IS NULL AND starts_at < ? AND starts_at + to_minutes(minutes) > ? LIMIT 1;

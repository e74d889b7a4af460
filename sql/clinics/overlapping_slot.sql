-- A live slot of this facilitator, other than the given one, that overlaps [start, end): it ends
-- after start and starts before end.
SELECT id, starts_at, minutes FROM clinic_slot
WHERE facilitator_id = ? AND withdrawn_at IS NULL AND id <> ?
  AND starts_at < ? AND starts_at + to_minutes(minutes) > ? LIMIT 1;

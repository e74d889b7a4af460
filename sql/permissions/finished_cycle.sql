-- The cycle of a team, or the cycle itself, if it ended before today (finished cycles are read-only).
SELECT c.id, c.label, c.ends_on
FROM cycle c
WHERE c.ends_on < $today
  AND (c.id = $cycle_id OR c.id = (SELECT t.cycle_id FROM team t WHERE t.id = $team_id));

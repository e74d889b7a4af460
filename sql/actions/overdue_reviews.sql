-- Actions of a running cycle whose review date has passed with no impact review (neither done nor
-- stopped), oldest review date first, with their school and team; every team's, or one team's.
SELECT s.name AS school, t.name AS team, a.strategy AS action, a.owner, a.review_on, t.id AS team_id,
       q.id AS enquiry_id, a.id AS action_id
FROM action_item a JOIN enquiry q ON q.id = a.enquiry_id JOIN team t ON t.id = q.team_id
JOIN school s ON s.id = t.school_id JOIN cycle c ON c.id = t.cycle_id
WHERE t.cycle_id = $cycle_id AND ($team_id IS NULL OR t.id = $team_id) AND a.deleted_at IS NULL
  AND a.review_on < $today AND c.ends_on >= $today
  AND a.status IN ('planned', 'in progress')
  AND NOT EXISTS (SELECT 1 FROM impact_review r WHERE r.action_id = a.id)
ORDER BY a.review_on, s.name, a.id;

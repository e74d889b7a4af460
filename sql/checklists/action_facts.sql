-- What the Action checklist reads: per team of a cycle (or one team), its live actions with
-- success criteria, and its live actions that have an impact review.
SELECT t.id AS team_id,
       count(DISTINCT a.id) FILTER (WHERE trim(a.success_criteria) <> '') AS actions_with_criteria,
       count(DISTINCT a.id) FILTER (WHERE EXISTS (SELECT 1 FROM impact_review r WHERE r.action_id = a.id))
         AS actions_reviewed
FROM team t JOIN enquiry e ON e.team_id = t.id
JOIN action_item a ON a.enquiry_id = e.id AND a.deleted_at IS NULL
WHERE ($team_id IS NULL AND t.cycle_id = $cycle_id) OR t.id = $team_id
GROUP BY t.id;

-- One enquiry with its team, school and cycle.
SELECT e.id, e.team_id, t.name AS team, t.school_id, s.name AS school, t.cycle_id, c.label AS cycle,
       e.focus, e.question, e.hunch, e.why_it_matters, e.context, e.target_groups, e.year_groups,
       e.ethics_plan, e.ethics_agreed, e.status, e.updated_at
FROM enquiry e JOIN team t ON t.id = e.team_id JOIN school s ON s.id = t.school_id JOIN cycle c ON c.id = t.cycle_id
WHERE e.id = ?;

-- The enquiries of a cycle with school and team: who may present, and who has no slot yet.
SELECT e.id AS enquiry_id, t.id AS team_id, t.name AS team, sc.name AS school, e.question, e.focus, e.status
FROM enquiry e JOIN team t ON t.id = e.team_id JOIN school sc ON sc.id = t.school_id
WHERE t.cycle_id = ?
ORDER BY sc.name, t.name;

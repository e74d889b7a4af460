-- One team with its school and cycle.
SELECT t.id, t.name, t.cycle_id, c.label AS cycle, t.school_id, s.name AS school, e.id AS enquiry_id
FROM team t JOIN school s ON s.id = t.school_id JOIN cycle c ON c.id = t.cycle_id LEFT JOIN enquiry e ON e.team_id = t.id
WHERE t.id = ?;

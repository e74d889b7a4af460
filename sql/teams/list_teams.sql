-- Teams of a cycle with their school, members and enquiry question.
SELECT t.id, t.name, t.school_id, s.name AS school, s.phase, e.id AS enquiry_id, e.focus, e.question, e.status,
       (SELECT count(*) FROM team_member m WHERE m.team_id = t.id) AS members
FROM team t JOIN school s ON s.id = t.school_id LEFT JOIN enquiry e ON e.team_id = t.id
WHERE t.cycle_id = ? ORDER BY s.name;

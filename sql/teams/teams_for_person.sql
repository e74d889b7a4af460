-- The teams a person belongs to in a cycle.
SELECT t.id, t.name, s.name AS school, e.id AS enquiry_id FROM team_member m JOIN team t ON t.id = m.team_id
JOIN school s ON s.id = t.school_id LEFT JOIN enquiry e ON e.team_id = t.id
WHERE m.person_id = ? AND t.cycle_id = ? ORDER BY t.id;

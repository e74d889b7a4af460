-- The school's enquiry in the first cycle that starts after the given date (the year it carries on
-- into): cycle label, question and focus; no row when the school has no later team.
SELECT c.label AS cycle, e.question, e.focus
FROM team t JOIN cycle c ON c.id = t.cycle_id JOIN enquiry e ON e.team_id = t.id
WHERE t.school_id = ? AND c.starts_on > ?
ORDER BY c.starts_on
LIMIT 1;

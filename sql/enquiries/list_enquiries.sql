-- Every enquiry of a cycle, for reading across schools.
SELECT e.id, s.name AS school, t.name AS team, e.focus, e.question, e.target_groups, e.status, e.updated_at,
       (SELECT count(*) FROM question_revision r WHERE r.enquiry_id = e.id) AS revisions
FROM enquiry e JOIN team t ON t.id = e.team_id JOIN school s ON s.id = t.school_id
WHERE t.cycle_id = ? ORDER BY s.name;

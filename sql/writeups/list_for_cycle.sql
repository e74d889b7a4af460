-- Every enquiry of a cycle with its school, team and write-up state (no write-up yet: 'not started'),
-- when it was last saved or marked ready, and the write-up's title when saved; by school.
SELECT e.id AS enquiry_id, t.id AS team_id, s.name AS school, t.name AS team, e.focus, e.question, e.target_groups,
       coalesce(w.status, 'not started') AS status, w.ready_at, w.updated_at,
       (SELECT ws.body FROM writeup_section ws WHERE ws.writeup_id = w.id AND ws.section_key = 'title') AS title
FROM enquiry e JOIN team t ON t.id = e.team_id JOIN school s ON s.id = t.school_id
LEFT JOIN writeup w ON w.enquiry_id = e.id
WHERE t.cycle_id = ?
ORDER BY s.name, t.name;

-- Members of a meeting's attending teams, with their school and team and whether they came.
SELECT p.id AS person_id, p.name, s.name AS school, t.name AS team, mt.team_id,
       (a.person_id IS NOT NULL) AS present
FROM meeting_team mt
JOIN team t ON t.id = mt.team_id
JOIN school s ON s.id = t.school_id
JOIN team_member m ON m.team_id = t.id
JOIN person p ON p.id = m.person_id
LEFT JOIN meeting_attendance a ON a.meeting_id = mt.meeting_id AND a.person_id = p.id
WHERE mt.meeting_id = ?
ORDER BY s.name, p.name;

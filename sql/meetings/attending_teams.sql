-- A meeting's attending teams with what grouping them needs (school, context, focus and question).
SELECT mt.team_id, mt.group_no, mt.locked, t.school_id, s.name AS school, s.pct_pupil_premium,
       coalesce(e.focus, '') AS focus, coalesce(e.question, '') AS question
FROM meeting_team mt JOIN team t ON t.id = mt.team_id JOIN school s ON s.id = t.school_id
LEFT JOIN enquiry e ON e.team_id = t.id
WHERE mt.meeting_id = ? ORDER BY mt.team_id;

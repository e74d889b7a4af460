-- Schools with no team in a cycle, or a team with no question yet, most disadvantaged first.
SELECT s.name AS "School", s.phase AS "Phase",
       CASE WHEN t.id IS NULL THEN 'No team this cycle' ELSE 'No question yet' END AS "Why",
       s.pct_pupil_premium AS "% PP", s.pct_eal AS "% EAL", s.pct_send AS "% SEND", s.pupils AS "Pupils"
FROM school s
LEFT JOIN team t ON t.school_id = s.id AND t.cycle_id = $1
LEFT JOIN enquiry e ON e.team_id = t.id
WHERE t.id IS NULL OR trim(coalesce(e.question, '')) = ''
ORDER BY s.pct_pupil_premium DESC, s.name;

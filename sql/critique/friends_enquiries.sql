-- Enquiries of the teams grouped with the person's team at meetings of a cycle.
SELECT DISTINCT e.id, s.name AS school, t.name AS team, e.question
FROM team_member me
JOIN meeting_team mine ON mine.team_id = me.team_id
JOIN meeting mt ON mt.id = mine.meeting_id AND mt.cycle_id = $2
JOIN meeting_team theirs ON theirs.meeting_id = mine.meeting_id AND theirs.group_no = mine.group_no
     AND theirs.team_id <> mine.team_id
JOIN team t ON t.id = theirs.team_id JOIN school s ON s.id = t.school_id JOIN enquiry e ON e.team_id = t.id
WHERE me.person_id = $1
ORDER BY s.name;

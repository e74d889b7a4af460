-- Whether the person is in a team grouped with this team at a meeting (and is not on it).
SELECT 1
FROM team_member m
JOIN meeting_team mine ON mine.team_id = m.team_id
JOIN meeting_team theirs ON theirs.meeting_id = mine.meeting_id AND theirs.group_no = mine.group_no
WHERE m.person_id = ? AND theirs.team_id = ? AND mine.team_id <> theirs.team_id
LIMIT 1;

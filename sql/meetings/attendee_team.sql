-- The attending team of a meeting that a person is a member of, if any.
SELECT mt.team_id FROM meeting_team mt JOIN team_member m ON m.team_id = mt.team_id
WHERE mt.meeting_id = ? AND m.person_id = ? LIMIT 1;

-- Members of a team, lead first.
SELECT p.id AS person_id, p.name, p.email, m.is_lead FROM team_member m JOIN person p ON p.id = m.person_id
WHERE m.team_id = ? ORDER BY m.is_lead DESC, p.name;

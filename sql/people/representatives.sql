-- One person per role for the benchmark: the teacher leads a team in the latest cycle.
SELECT r.role, min(p.email) AS email
FROM person p JOIN person_role r ON r.person_id = p.id
WHERE p.active AND (r.role <> 'teacher' OR p.id IN (
    SELECT m.person_id FROM team_member m JOIN team t ON t.id = m.team_id
    WHERE t.cycle_id = (SELECT id FROM cycle ORDER BY starts_on DESC LIMIT 1)))
GROUP BY r.role;

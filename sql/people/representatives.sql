-- One person per role (demo mode's one-click choices and the benchmark): the teacher is in a team
-- of the latest cycle, the senior leader has a school (a head teacher); the first by email.
SELECT r.role, arg_min(p.id, p.email) AS person_id, min(p.email) AS email
FROM person p JOIN person_role r ON r.person_id = p.id
WHERE p.active
  AND (r.role <> 'teacher' OR p.id IN (
    SELECT m.person_id FROM team_member m JOIN team t ON t.id = m.team_id
    WHERE t.cycle_id = (SELECT id FROM cycle ORDER BY starts_on DESC LIMIT 1)))
  AND (r.role <> 'senior_leader' OR p.school_id IS NOT NULL)
GROUP BY r.role;

-- The active person with this email, with their roles.
SELECT p.id, p.name, p.email, p.school_id, list(r.role ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL) AS roles
FROM person p LEFT JOIN person_role r ON r.person_id = p.id
WHERE lower(p.email) = ? AND p.active GROUP BY ALL;

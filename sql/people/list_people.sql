-- Everyone, with school and roles, for administration and the demo chooser.
SELECT p.id, p.name, p.email, p.school_id, s.name AS school,
       list(r.role ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL) AS roles
FROM person p LEFT JOIN school s ON s.id = p.school_id LEFT JOIN person_role r ON r.person_id = p.id
WHERE p.active GROUP BY ALL ORDER BY p.name;

-- The alliance's active administrators' names, for someone whose email is not in the alliance.
SELECT p.name FROM person p JOIN person_role r ON r.person_id = p.id
WHERE p.active AND r.role = 'administrator' ORDER BY p.name;

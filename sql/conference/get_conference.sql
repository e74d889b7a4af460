-- The conference of a cycle (at most one), with who last changed its details.
SELECT c.id, c.cycle_id, c.held_on, c.venue, c.starts_at, c.ends_at, c.updated_at, c.updated_by,
       p.name AS updated_by_name
FROM conference c LEFT JOIN person p ON p.id = c.updated_by
WHERE c.cycle_id = ?;

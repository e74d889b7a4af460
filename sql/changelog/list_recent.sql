-- The most recent change-log entries with who made them.
SELECT c.changed_at AS "When", coalesce(p.name, 'System') AS "Who", c.entity AS "What",
       c.entity_id AS "Id", c.action AS "Action"
FROM change_log c LEFT JOIN person p ON p.id = c.actor_id
ORDER BY c.id DESC LIMIT ?;

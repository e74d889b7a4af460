-- The most recent change-log entries with who made them, optionally only one person's, one kind
-- of record's, or those between two dates (NULL: no filter).
SELECT c.id, c.changed_at, c.actor_id, coalesce(p.name, 'System') AS who, c.entity, c.entity_id, c.action,
       c.before, c.after
FROM change_log c LEFT JOIN person p ON p.id = c.actor_id
WHERE ($actor_id IS NULL OR c.actor_id = $actor_id)
  AND ($entity IS NULL OR c.entity = $entity)
  AND ($since IS NULL OR c.changed_at >= $since)
  AND ($until IS NULL OR c.changed_at < $until)
ORDER BY c.id DESC LIMIT $limit;

-- Change-log entries for one entity, oldest first.
SELECT id, changed_at, actor_id, entity, entity_id, action, before::VARCHAR AS before, after::VARCHAR AS after
FROM change_log WHERE entity = ? AND entity_id = ? ORDER BY id;

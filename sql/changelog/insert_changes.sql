-- Append one change-log entry per element of the bound lists (a bulk write such as an import).
INSERT INTO change_log (changed_at, actor_id, entity, entity_id, action, before, after)
SELECT $changed_at, $actor_id, $entity, unnest($entity_ids), $action, unnest($befores), unnest($afters);

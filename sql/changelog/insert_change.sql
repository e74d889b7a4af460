-- Append one change-log entry.
INSERT INTO change_log (changed_at, actor_id, entity, entity_id, action, before, after)
VALUES (?, ?, ?, ?, ?, ?, ?);

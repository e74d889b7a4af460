-- Change-log entries that keep copies of these records' fields (to remove the deleted content).
SELECT id, entity, entity_id, before, after FROM change_log
WHERE (entity = 'evidence' AND entity_id IN (SELECT unnest(?::VARCHAR[])))
   OR (entity = 'attachment' AND entity_id IN (SELECT unnest(?::VARCHAR[])))
   OR (entity = 'dataset' AND entity_id IN (SELECT unnest(?::VARCHAR[])));

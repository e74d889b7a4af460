-- Add a stage checklist item to a cycle.
INSERT INTO checklist_item (cycle_id, stage, item_key, label, position) VALUES (?, ?, ?, ?, ?);

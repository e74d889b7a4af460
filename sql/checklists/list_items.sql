-- A cycle's enabled checklist items in order.
SELECT stage, item_key, label FROM checklist_item WHERE cycle_id = ? AND enabled ORDER BY position;

-- The team owning a live evidence item.
SELECT e.id, q.team_id FROM evidence_item e JOIN enquiry q ON q.id = e.enquiry_id WHERE e.id = ? AND e.deleted_at IS NULL;

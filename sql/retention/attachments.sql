-- The cycle's evidence attachments (soft-deleted ones too), without their content.
SELECT a.id, a.filename, a.size_bytes, e.id AS evidence_id, e.title AS evidence, s.name AS school
FROM attachment a JOIN evidence_item e ON e.id = a.evidence_id JOIN enquiry q ON q.id = e.enquiry_id
JOIN team t ON t.id = q.team_id JOIN school s ON s.id = t.school_id
WHERE t.cycle_id = ? ORDER BY s.name, e.title, a.id;

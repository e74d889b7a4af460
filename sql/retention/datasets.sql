-- The cycle's pupil data sets (soft-deleted ones too: their rows are still stored), with where they belong.
SELECT d.id, d.name, d.n_rows, e.id AS evidence_id, e.title AS evidence, s.name AS school
FROM dataset d JOIN evidence_item e ON e.id = d.evidence_id JOIN enquiry q ON q.id = e.enquiry_id
JOIN team t ON t.id = q.team_id JOIN school s ON s.id = t.school_id
WHERE t.cycle_id = ? ORDER BY s.name, e.title, d.id;

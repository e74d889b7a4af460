-- An enquiry's live data sets with the evidence item each belongs to.
SELECT d.id, d.name, d.filename, d.n_rows, d.created_at, e.id AS evidence_id, e.title AS evidence
FROM dataset d JOIN evidence_item e ON e.id = d.evidence_id
WHERE e.enquiry_id = ? AND d.deleted_at IS NULL AND e.deleted_at IS NULL ORDER BY d.id;

-- One live data set with its team.
SELECT d.id, d.name, d.filename, d.n_rows, d.columns::VARCHAR AS columns, d.evidence_id, q.team_id, e.consent
FROM dataset d JOIN evidence_item e ON e.id = d.evidence_id JOIN enquiry q ON q.id = e.enquiry_id
WHERE d.id = ? AND d.deleted_at IS NULL;

-- A live data set of this enquiry (its evidence item live too), with the consent it rests on.
SELECT d.id, d.name, e.consent
FROM dataset d JOIN evidence_item e ON e.id = d.evidence_id
WHERE d.id = ? AND e.enquiry_id = ? AND d.deleted_at IS NULL AND e.deleted_at IS NULL;

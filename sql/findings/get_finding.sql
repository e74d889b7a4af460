-- One live finding with its evidence ids.
SELECT f.id, f.enquiry_id, f.claim, f.detail,
       (SELECT list(fe.evidence_id ORDER BY fe.evidence_id) FROM finding_evidence fe WHERE fe.finding_id = f.id) AS evidence_ids
FROM finding f WHERE f.id = ? AND f.deleted_at IS NULL;

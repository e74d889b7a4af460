-- One live finding with its supporting evidence ids: those that may be shown, and those kept but
-- withheld because the participants withdrew consent (restored if consent is corrected).
SELECT f.id, f.enquiry_id, f.claim, f.detail,
       (SELECT list(fe.evidence_id ORDER BY fe.evidence_id) FROM finding_evidence fe
        JOIN evidence_item e ON e.id = fe.evidence_id AND e.deleted_at IS NULL AND e.consent <> 'withdrawn'
        WHERE fe.finding_id = f.id) AS evidence_ids,
       (SELECT list(fe.evidence_id ORDER BY fe.evidence_id) FROM finding_evidence fe
        JOIN evidence_item e ON e.id = fe.evidence_id AND e.consent = 'withdrawn'
        WHERE fe.finding_id = f.id) AS withheld_ids
FROM finding f WHERE f.id = ? AND f.deleted_at IS NULL;

-- For each live finding of an enquiry, the method, voices and origin of each live supporting item
-- (evidence whose participants withdrew consent drops out of the analysis).
WITH support AS (
    SELECT fe.finding_id, e.id AS evidence_id, e.kind, e.origin, e.voices
    FROM finding f JOIN finding_evidence fe ON fe.finding_id = f.id
    JOIN evidence_item e ON e.id = fe.evidence_id AND e.deleted_at IS NULL AND e.consent <> 'withdrawn'
    WHERE f.enquiry_id = ? AND f.deleted_at IS NULL
)
SELECT finding_id, evidence_id, 'method' AS facet, kind AS value FROM support
UNION ALL SELECT finding_id, evidence_id, 'origin', origin FROM support
UNION ALL SELECT finding_id, evidence_id, 'voice', unnest(voices) FROM support;

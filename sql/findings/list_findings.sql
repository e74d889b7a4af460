-- An enquiry's live findings with their live supporting evidence (not evidence whose participants
-- withdrew consent).
SELECT f.id, f.claim, f.detail, f.updated_at,
       coalesce(list(e.id ORDER BY e.id) FILTER (WHERE e.id IS NOT NULL), []) AS evidence_ids,
       coalesce(list(e.title ORDER BY e.id) FILTER (WHERE e.id IS NOT NULL), []) AS evidence
FROM finding f
LEFT JOIN finding_evidence fe ON fe.finding_id = f.id
LEFT JOIN evidence_item e ON e.id = fe.evidence_id AND e.deleted_at IS NULL AND e.consent <> 'withdrawn'
WHERE f.enquiry_id = ? AND f.deleted_at IS NULL
GROUP BY f.id, f.claim, f.detail, f.updated_at
ORDER BY f.id;

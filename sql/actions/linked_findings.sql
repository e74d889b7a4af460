-- The live findings linked to the given actions, with the titles of their live evidence whose
-- participants have not withdrawn consent (withdrawn evidence is never cited).
SELECT af.action_id, f.id AS finding_id, f.claim,
       coalesce(list(e.title ORDER BY e.collected_on, e.id) FILTER (WHERE e.id IS NOT NULL), []) AS evidence
FROM action_finding af
JOIN finding f ON f.id = af.finding_id AND f.deleted_at IS NULL
LEFT JOIN finding_evidence fe ON fe.finding_id = f.id
LEFT JOIN evidence_item e ON e.id = fe.evidence_id AND e.deleted_at IS NULL AND e.consent <> 'withdrawn'
WHERE list_contains(?, af.action_id)
GROUP BY af.action_id, f.id, f.claim
ORDER BY af.action_id, f.id;

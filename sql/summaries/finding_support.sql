-- Findings of a cycle ($cycle_id) or of one enquiry ($enquiry_id), each with the spread of its live
-- supporting evidence: items, distinct methods (kinds), voices and origins. Evidence whose
-- participants withdrew consent, or that is deleted, does not count (as in findings/support_facets).
WITH f AS (
    SELECT f.id AS finding_id, f.enquiry_id, f.claim, f.created_at, s.name AS school, t.school_id
    FROM finding f JOIN enquiry q ON q.id = f.enquiry_id JOIN team t ON t.id = q.team_id
    JOIN school s ON s.id = t.school_id
    WHERE f.deleted_at IS NULL
      AND (($enquiry_id IS NULL AND t.cycle_id = $cycle_id) OR f.enquiry_id = $enquiry_id)
), support AS (
    SELECT fe.finding_id, e.id AS evidence_id, e.kind, e.origin, e.voices
    FROM finding_evidence fe
    JOIN evidence_item e ON e.id = fe.evidence_id AND e.deleted_at IS NULL AND e.consent <> 'withdrawn'
    WHERE fe.finding_id IN (SELECT finding_id FROM f)
), voices AS (
    SELECT finding_id, count(DISTINCT v) AS voices FROM (SELECT finding_id, unnest(voices) AS v FROM support)
    GROUP BY finding_id
), spread AS (
    SELECT finding_id, count(DISTINCT evidence_id) AS items, count(DISTINCT kind) AS methods,
           count(DISTINCT origin) AS origins
    FROM support GROUP BY finding_id
)
SELECT f.finding_id, f.enquiry_id, f.school_id, f.school, f.claim,
       coalesce(spread.items, 0) AS items, coalesce(spread.methods, 0) AS methods,
       coalesce(voices.voices, 0) AS voices, coalesce(spread.origins, 0) AS origins
FROM f LEFT JOIN spread USING (finding_id) LEFT JOIN voices USING (finding_id)
ORDER BY f.school, f.created_at, f.finding_id;

-- Impact reviews of the given actions, oldest first, with who wrote them, the evidence they cite
-- and the data set. Evidence (and a data set) that has since been deleted, or whose participants
-- withdrew consent, never counts: it is left out, and how many items were left out is given.
SELECT r.id, r.action_id, r.what_changed, r.for_whom, r.reviewed_on, r.chart, r.chart_options, r.created_at,
       p.name AS reviewed_by,
       CASE WHEN d.id IS NOT NULL THEN r.dataset_id END AS dataset_id, d.name AS dataset,
       coalesce(list(e.id ORDER BY e.collected_on, e.id) FILTER (WHERE e.id IS NOT NULL), []) AS evidence_ids,
       coalesce(list(e.title ORDER BY e.collected_on, e.id) FILTER (WHERE e.id IS NOT NULL), []) AS evidence,
       count(ie.evidence_id) - count(e.id)
         + CASE WHEN r.dataset_id IS NOT NULL AND d.id IS NULL THEN 1 ELSE 0 END AS left_out
FROM impact_review r
LEFT JOIN person p ON p.id = r.created_by
LEFT JOIN impact_evidence ie ON ie.review_id = r.id
LEFT JOIN evidence_item e ON e.id = ie.evidence_id AND e.deleted_at IS NULL AND e.consent <> 'withdrawn'
LEFT JOIN (SELECT d.id, d.name FROM dataset d JOIN evidence_item de ON de.id = d.evidence_id
           WHERE d.deleted_at IS NULL AND de.deleted_at IS NULL AND de.consent <> 'withdrawn') d ON d.id = r.dataset_id
WHERE list_contains(?, r.action_id)
GROUP BY r.id, r.action_id, r.what_changed, r.for_whom, r.reviewed_on, r.chart, r.chart_options, r.created_at, p.name,
         r.dataset_id, d.id, d.name
ORDER BY r.action_id, r.reviewed_on, r.id;

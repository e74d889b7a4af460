-- Themes of a cycle: each codebook tag used on live evidence (consent not withdrawn), with how many
-- enquiries and items use it; most enquiries first.
SELECT g.name AS theme, count(DISTINCT e.enquiry_id) AS enquiries, count(DISTINCT e.id) AS items
FROM evidence_item e JOIN evidence_tag et ON et.evidence_id = e.id JOIN codebook_tag g ON g.id = et.tag_id
JOIN enquiry q ON q.id = e.enquiry_id JOIN team t ON t.id = q.team_id
WHERE t.cycle_id = ? AND e.deleted_at IS NULL AND e.consent <> 'withdrawn' AND g.status <> 'rejected'
GROUP BY g.name
ORDER BY enquiries DESC, items DESC, g.name;

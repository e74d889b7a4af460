-- Critique items on an enquiry, unanswered first, with who gave them (the critical friend who said it
-- at a meeting, else whoever wrote it), who typed it in for them, where, and the answer.
SELECT c.id, c.created_at, c.kind, c.source, m.title AS meeting, coalesce(sb.name, p.name) AS from_name,
       CASE WHEN sb.id IS NOT NULL THEN p.name END AS recorded_by, c.text,
       c.response, c.response_text, r.revision_no, re.title AS new_evidence, e.title AS evidence, f.claim AS finding,
       ac.strategy AS new_action
FROM critique_item c
LEFT JOIN person p ON p.id = c.from_person_id
LEFT JOIN person sb ON sb.id = c.said_by_person_id
LEFT JOIN meeting m ON m.id = c.meeting_id
LEFT JOIN question_revision r ON r.id = c.revision_id
LEFT JOIN evidence_item e ON e.id = c.evidence_id
LEFT JOIN evidence_item re ON re.id = c.response_evidence_id
LEFT JOIN finding f ON f.id = c.finding_id
LEFT JOIN action_item ac ON ac.id = c.response_action_id AND ac.deleted_at IS NULL
WHERE c.enquiry_id = ?
ORDER BY c.response IS NOT NULL, c.created_at, c.id;

-- One evidence item with its team, tags and who collected it.
SELECT e.*, q.team_id, p.name AS collected_by_name,
       (SELECT list(t.id ORDER BY t.name) FROM evidence_tag et JOIN codebook_tag t ON t.id = et.tag_id WHERE et.evidence_id = e.id) AS tag_ids,
       (SELECT list(t.name ORDER BY t.name) FROM evidence_tag et JOIN codebook_tag t ON t.id = et.tag_id WHERE et.evidence_id = e.id) AS tags
FROM evidence_item e JOIN enquiry q ON q.id = e.enquiry_id LEFT JOIN person p ON p.id = e.collected_by
WHERE e.id = ?;

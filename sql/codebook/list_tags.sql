-- Codebook tags with these statuses, by name, with how many evidence items use each.
SELECT t.id, t.name, t.description, t.status, p.name AS proposed_by,
       (SELECT count(*) FROM evidence_tag et JOIN evidence_item e ON e.id = et.evidence_id
        WHERE et.tag_id = t.id AND e.deleted_at IS NULL) AS items
FROM codebook_tag t LEFT JOIN person p ON p.id = t.proposed_by
WHERE list_contains(?, t.status)
ORDER BY t.name;

-- An enquiry's evidence log, newest first, with optional filters (an empty list matches all).
SELECT e.id, e.collected_on, e.title, e.kind, e.origin, e.voices, e.participant_count, e.summary,
       p.name AS collected_by, e.consent, e.sensitivity,
       coalesce((SELECT list(t.name ORDER BY t.name) FROM evidence_tag et JOIN codebook_tag t ON t.id = et.tag_id
                 WHERE et.evidence_id = e.id), []) AS tags,
       (SELECT count(*) FROM attachment a WHERE a.evidence_id = e.id AND a.deleted_at IS NULL) AS files,
       e.deleted_at
FROM evidence_item e LEFT JOIN person p ON p.id = e.collected_by
WHERE e.enquiry_id = $enquiry_id
  AND ((e.deleted_at IS NOT NULL) = $deleted)
  AND (len($kinds) = 0 OR list_contains($kinds, e.kind))
  AND (len($origins) = 0 OR list_contains($origins, e.origin))
  AND (len($voices) = 0 OR len(list_intersect($voices, e.voices)) > 0)
  AND (len($tag_ids) = 0 OR EXISTS (SELECT 1 FROM evidence_tag et WHERE et.evidence_id = e.id AND list_contains($tag_ids, et.tag_id)))
  AND ($date_from IS NULL OR e.collected_on >= $date_from)
  AND ($date_to IS NULL OR e.collected_on <= $date_to)
  AND ($collected_by IS NULL OR e.collected_by = $collected_by)
ORDER BY e.collected_on DESC, e.id DESC;

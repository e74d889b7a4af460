-- Write the search document of one (not deleted) evidence item: title, summary, notes, quotes, tags.
INSERT INTO search_doc (enquiry_id, source, source_id, title, body)
SELECT e.enquiry_id, 'evidence', e.id, e.title,
       concat_ws(' ', e.summary, e.notes, array_to_string(e.quotes, ' '), e.participants,
                 (SELECT string_agg(t.name, ' ') FROM evidence_tag et JOIN codebook_tag t ON t.id = et.tag_id
                  WHERE et.evidence_id = e.id))
FROM evidence_item e WHERE e.id = ? AND e.deleted_at IS NULL
ON CONFLICT (source, source_id) DO UPDATE SET title = excluded.title, body = excluded.body;

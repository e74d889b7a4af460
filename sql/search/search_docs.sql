-- Ranked full-text matches among some enquiries' documents. Evidence whose participants withdrew
-- consent is never found (BERA), whatever its search document still holds.
SELECT source, source_id, enquiry_id, title, body, score
FROM (SELECT d.*, fts_main_search_doc.match_bm25(d.id, $q) AS score
      FROM search_doc d WHERE list_contains($enquiry_ids, d.enquiry_id)
        AND NOT (d.source = 'evidence'
                 AND d.source_id IN (SELECT id FROM evidence_item WHERE consent = 'withdrawn')))
WHERE score IS NOT NULL
ORDER BY score DESC, source, source_id
LIMIT $limit;

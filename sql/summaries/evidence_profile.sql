-- What one enquiry's team did, as counts only (never the items themselves): live evidence whose
-- consent was not withdrawn, by facet ('method', 'origin' or 'voice') and value.
WITH live AS (
    SELECT id, kind, origin, voices FROM evidence_item
    WHERE enquiry_id = ? AND deleted_at IS NULL AND consent <> 'withdrawn'
)
SELECT 'method' AS facet, kind AS value, count(*) AS items FROM live GROUP BY kind
UNION ALL SELECT 'origin', origin, count(*) FROM live GROUP BY origin
UNION ALL SELECT 'voice', v, count(*) FROM (SELECT unnest(voices) AS v FROM live) GROUP BY v
ORDER BY facet, items DESC, value;

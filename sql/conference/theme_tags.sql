-- Codebook tags on the live evidence of each enquiry of a cycle (how often each team used each
-- tag): the material for suggesting session themes. Tag names only, never the evidence itself.
SELECT e.id AS enquiry_id, sc.name AS school, tg.name AS tag, count(*) AS uses
FROM evidence_tag et
JOIN evidence_item ev ON ev.id = et.evidence_id
JOIN codebook_tag tg ON tg.id = et.tag_id
JOIN enquiry e ON e.id = ev.enquiry_id JOIN team t ON t.id = e.team_id JOIN school sc ON sc.id = t.school_id
WHERE t.cycle_id = ? AND ev.deleted_at IS NULL AND ev.consent <> 'withdrawn' AND tg.status = 'approved'
GROUP BY ALL
ORDER BY sc.name, uses DESC, tg.name;

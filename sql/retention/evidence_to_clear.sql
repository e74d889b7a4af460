-- The cycle's evidence items holding raw personal text: quotes, notes, who took part, and the
-- summary of items marked as holding personal or special-category data.
SELECT e.id, e.title, s.name AS school, len(e.quotes) AS quotes, e.notes <> '' AS has_notes,
       e.participants <> '' AS has_participants, (e.sensitivity <> 'none' AND e.summary <> '') AS has_sensitive_summary
FROM evidence_item e JOIN enquiry q ON q.id = e.enquiry_id JOIN team t ON t.id = q.team_id
JOIN school s ON s.id = t.school_id
WHERE t.cycle_id = ?
  AND (len(e.quotes) > 0 OR e.notes <> '' OR e.participants <> '' OR (e.sensitivity <> 'none' AND e.summary <> ''))
ORDER BY s.name, e.title, e.id;

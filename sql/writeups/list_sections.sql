-- The saved sections of a write-up, with who saved each last.
SELECT s.section_key, s.body, s.updated_at, coalesce(p.name, '') AS updated_by
FROM writeup_section s LEFT JOIN person p ON p.id = s.updated_by
WHERE s.writeup_id = ?;

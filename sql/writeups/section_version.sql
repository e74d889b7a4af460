-- The version of a write-up's section a save replaces: when it was last saved and by whom (no row:
-- never saved), so that a save made from an older version is refused instead of overwriting it.
SELECT s.updated_at, coalesce(p.name, 'someone') AS updated_by
FROM writeup_section s LEFT JOIN person p ON p.id = s.updated_by
WHERE s.writeup_id = ? AND s.section_key = ?;

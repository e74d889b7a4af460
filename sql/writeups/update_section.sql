-- A later save of a section.
UPDATE writeup_section SET body = ?, updated_at = ?, updated_by = ? WHERE writeup_id = ? AND section_key = ?;

-- The first save of a section.
INSERT INTO writeup_section (writeup_id, section_key, body, updated_at, updated_by) VALUES (?, ?, ?, ?, ?);

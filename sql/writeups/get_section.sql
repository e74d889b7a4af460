-- The saved text of one section of a write-up (for the change log's "before").
SELECT body FROM writeup_section WHERE writeup_id = ? AND section_key = ?;

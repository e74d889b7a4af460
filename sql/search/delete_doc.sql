-- Remove one search document.
DELETE FROM search_doc WHERE source = ? AND source_id = ?;

-- Whether the full-text index is behind the documents.
SELECT dirty FROM search_state WHERE id = 1;

-- The full-text index is up to date.
UPDATE search_state SET dirty = false WHERE id = 1;

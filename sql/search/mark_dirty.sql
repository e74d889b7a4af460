-- The full-text index needs rebuilding.
UPDATE search_state SET dirty = true WHERE id = 1;

-- The tag with this name (case-insensitive).
SELECT id, name, status FROM codebook_tag WHERE lower(name) = lower(?);

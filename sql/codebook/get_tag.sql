-- One tag.
SELECT id, name, description, status FROM codebook_tag WHERE id = ?;

-- Codebook tags with these ids.
SELECT id, name FROM codebook_tag WHERE list_contains(?, id);

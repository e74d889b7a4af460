-- Rename, describe, approve or reject a tag.
UPDATE codebook_tag SET name = ?, description = ?, status = ? WHERE id = ?;

-- An enquiry's live references, by first author and year (documents sort them by their style).
SELECT id, authors, year, title, source, volume, issue, pages, publisher, place, doi, url, kind, key_points, bearing,
       abstract, accessed
FROM literature WHERE enquiry_id = ? AND deleted_at IS NULL ORDER BY lower(coalesce(authors[1], title)), year, id;

-- Add many references at once (an import), one row per element of the bound lists; ids are
-- reserved beforehand with reserve_ids.
INSERT INTO literature (id, enquiry_id, authors, year, title, source, volume, issue, pages, publisher, place, doi, url,
                        kind, key_points, bearing, abstract, accessed, created_by, created_at)
SELECT unnest($id), $enquiry_id, unnest($authors), unnest($year), unnest($title), unnest($source), unnest($volume),
       unnest($issue), unnest($pages), unnest($publisher), unnest($place), unnest($doi), unnest($url), unnest($kind),
       unnest($key_points), unnest($bearing), unnest($abstract), unnest($accessed), $created_by, $created_at;

-- Write the search documents of many (not deleted) literature references at once.
INSERT INTO search_doc (enquiry_id, source, source_id, title, body)
SELECT l.enquiry_id, 'literature', l.id, l.title,
       concat_ws(' ', array_to_string(l.authors, '; '), l.source, l.key_points, l.bearing)
FROM literature l WHERE l.id IN (SELECT unnest(?)) AND l.deleted_at IS NULL
ON CONFLICT (source, source_id) DO UPDATE SET title = excluded.title, body = excluded.body;

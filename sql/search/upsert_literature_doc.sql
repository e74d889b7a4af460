-- Write the search document of one (not deleted) literature reference.
INSERT INTO search_doc (enquiry_id, source, source_id, title, body)
SELECT l.enquiry_id, 'literature', l.id, l.title,
       concat_ws(' ', array_to_string(l.authors, '; '), l.source, l.key_points, l.bearing)
FROM literature l WHERE l.id = ? AND l.deleted_at IS NULL
ON CONFLICT (source, source_id) DO UPDATE SET title = excluded.title, body = excluded.body;

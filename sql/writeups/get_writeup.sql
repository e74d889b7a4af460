-- The write-up of an enquiry (status and when it was last saved or marked ready), if any.
SELECT w.id, w.enquiry_id, w.status, w.updated_at, w.ready_at, coalesce(p.name, '') AS updated_by
FROM writeup w LEFT JOIN person p ON p.id = w.updated_by
WHERE w.enquiry_id = ?;

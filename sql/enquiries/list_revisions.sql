-- The versions of an enquiry's question, oldest first, with who revised it.
SELECT r.revision_no, r.question, r.reason, r.prompted_by, r.revised_at, coalesce(p.name, 'System') AS revised_by
FROM question_revision r LEFT JOIN person p ON p.id = r.revised_by
WHERE r.enquiry_id = ? ORDER BY r.revision_no;

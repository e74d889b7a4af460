-- The versions of an enquiry's question, oldest first, with who revised it and what prompted it.
SELECT r.revision_no, r.question, r.reason, r.prompted_by, r.revised_at, coalesce(p.name, 'System') AS revised_by,
       m.title AS prompted_by_meeting, c.text AS prompted_by_critique, r.prompted_critique_id
FROM question_revision r LEFT JOIN person p ON p.id = r.revised_by
LEFT JOIN meeting m ON m.id = r.prompted_meeting_id
LEFT JOIN critique_item c ON c.id = r.prompted_critique_id
WHERE r.enquiry_id = ? ORDER BY r.revision_no;

-- Start an enquiry's write-up (a draft); returns its id.
INSERT INTO writeup (enquiry_id, status, updated_at, updated_by) VALUES (?, 'draft', ?, ?) RETURNING id;

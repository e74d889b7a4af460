-- Add a finding; returns its id.
INSERT INTO finding (enquiry_id, claim, detail, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id;

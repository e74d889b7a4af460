-- Create or update the single alliance record.
INSERT INTO alliance (id, name, lead_school_id, university_partner, local_authority, disclosure_threshold)
VALUES (1, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET name = excluded.name, lead_school_id = excluded.lead_school_id,
    university_partner = excluded.university_partner, local_authority = excluded.local_authority,
    disclosure_threshold = excluded.disclosure_threshold;

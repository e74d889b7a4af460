-- Add an evidence item; returns its id.
INSERT INTO evidence_item (enquiry_id, title, kind, origin, voices, participants, participant_count, collected_on,
    collected_by, summary, notes, quotes, consent, sensitivity, created_by, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id;

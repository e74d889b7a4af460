-- Record a critique item; returns its id.
INSERT INTO critique_item (enquiry_id, from_person_id, source, meeting_id, booking_id, kind, text, evidence_id, finding_id,
                           created_at, said_by_person_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id;

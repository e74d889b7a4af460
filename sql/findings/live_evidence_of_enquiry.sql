-- Which of these evidence ids are live items of this enquiry, with their title and consent.
SELECT id, title, consent FROM evidence_item WHERE enquiry_id = ? AND deleted_at IS NULL AND list_contains(?, id);

-- Record the team's answer to a critique item, with the revision or evidence it led to.
UPDATE critique_item SET response = ?, response_text = ?, revision_id = ?, response_evidence_id = ?, responded_by = ?,
    responded_at = ?
WHERE id = ?;

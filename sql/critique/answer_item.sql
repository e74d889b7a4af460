-- Record the team's answer to a critique item, with the revision, evidence or action it led to.
UPDATE critique_item SET response = ?, response_text = ?, revision_id = ?, response_evidence_id = ?,
    response_action_id = ?, responded_by = ?, responded_at = ?
WHERE id = ?;

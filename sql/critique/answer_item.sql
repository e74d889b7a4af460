-- Record the team's answer to a critique item.
UPDATE critique_item SET response = ?, response_text = ?, revision_id = ?, responded_by = ?, responded_at = ? WHERE id = ?;

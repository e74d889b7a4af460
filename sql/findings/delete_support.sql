-- Unlink all of a finding's evidence (before linking anew).
DELETE FROM finding_evidence WHERE finding_id = ?;

-- How many live evidence items of an enquiry are left out because consent was withdrawn.
SELECT count(*) FROM evidence_item WHERE enquiry_id = ? AND deleted_at IS NULL AND consent = 'withdrawn';

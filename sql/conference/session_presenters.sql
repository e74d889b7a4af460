-- The enquiries presenting in one session, in running order.
SELECT enquiry_id FROM presentation WHERE session_id = ? ORDER BY position;

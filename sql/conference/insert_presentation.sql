-- One enquiry presenting in a session, at a place in the running order.
INSERT INTO presentation (session_id, enquiry_id, position) VALUES (?, ?, ?);

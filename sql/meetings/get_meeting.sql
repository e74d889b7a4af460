-- One meeting.
SELECT id, cycle_id, title, held_on, place, agenda, protocol::VARCHAR AS protocol, facilitator_id FROM meeting WHERE id = ?;

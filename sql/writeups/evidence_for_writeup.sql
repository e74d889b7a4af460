-- The evidence a write-up may report: live items whose participants have not withdrawn consent
-- (BERA), oldest first (their order gives the codes E1, E2...), with quotes and participants.
SELECT e.id, e.title, e.kind, e.origin, e.voices, e.participants, e.participant_count, e.collected_on,
       e.summary, e.quotes, e.consent, e.sensitivity
FROM evidence_item e
WHERE e.enquiry_id = ? AND e.deleted_at IS NULL AND e.consent <> 'withdrawn'
ORDER BY e.collected_on, e.id;

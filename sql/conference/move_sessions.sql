-- Keep every session at its time of day when the conference moves to another day.
UPDATE conference_session SET starts_at = CAST($held_on AS DATE) + CAST(starts_at AS TIME)
WHERE conference_id = $conference_id;

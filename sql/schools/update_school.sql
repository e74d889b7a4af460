-- Change a school's details.
UPDATE school SET urn = ?, name = ?, phase = ?, type = ?, pupils = ?, pct_pupil_premium = ?, pct_eal = ?, pct_send = ?
WHERE id = ?;

-- Add a school; returns the new id.
INSERT INTO school (urn, name, phase, type, pupils, pct_pupil_premium, pct_eal, pct_send)
VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id;

-- All schools with their context figures.
SELECT id, urn, name, phase, type, pupils, pct_pupil_premium, pct_eal, pct_send FROM school ORDER BY name;

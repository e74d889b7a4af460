-- The alliance record (there is one per store).
SELECT a.*, s.name AS lead_school FROM alliance a LEFT JOIN school s ON s.id = a.lead_school_id WHERE a.id = 1;

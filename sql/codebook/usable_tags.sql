-- Tags a person may use: approved ones and those they proposed.
SELECT id, name, status FROM codebook_tag WHERE status = 'approved' OR (status = 'proposed' AND proposed_by = ?) ORDER BY name;

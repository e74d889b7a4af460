-- The team of each of the given enquiries (to check a reader may see each team's evidence).
SELECT id AS enquiry_id, team_id FROM enquiry WHERE list_contains(?, id);

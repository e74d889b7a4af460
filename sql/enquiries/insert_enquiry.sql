-- Create a team's empty enquiry; returns its id.
INSERT INTO enquiry (team_id) VALUES (?) RETURNING id;

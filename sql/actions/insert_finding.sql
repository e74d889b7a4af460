-- Link an action to a finding that prompted it.
INSERT INTO action_finding (action_id, finding_id) VALUES (?, ?);

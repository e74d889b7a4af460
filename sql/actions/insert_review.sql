-- Add an impact review to an action; returns its id.
INSERT INTO impact_review (action_id, what_changed, for_whom, dataset_id, chart, chart_options, reviewed_on,
                           created_by, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id;

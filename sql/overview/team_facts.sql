-- What the stage checklists read: one row per team of a cycle, or for one team.
SELECT t.id AS team_id, t.cycle_id, e.focus, e.question, e.target_groups, e.ethics_agreed
FROM team t LEFT JOIN enquiry e ON e.team_id = t.id
WHERE ($team_id IS NULL AND t.cycle_id = $cycle_id) OR t.id = $team_id;

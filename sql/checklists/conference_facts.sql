-- Each team's slots at its cycle's conference (live sessions it presents in), for one team or a cycle.
SELECT t.id AS team_id, count(*) AS presentation_slots
FROM presentation pr
JOIN conference_session s ON s.id = pr.session_id AND s.deleted_at IS NULL
JOIN enquiry e ON e.id = pr.enquiry_id JOIN team t ON t.id = e.team_id
WHERE ($team_id IS NULL AND t.cycle_id = $cycle_id) OR t.id = $team_id
GROUP BY t.id;

-- Who presents in the conference's live sessions, in running order: school, team, question.
SELECT pr.session_id, pr.position, pr.enquiry_id, t.id AS team_id, t.name AS team, sc.name AS school,
       e.question, e.focus
FROM presentation pr
JOIN conference_session s ON s.id = pr.session_id
JOIN enquiry e ON e.id = pr.enquiry_id JOIN team t ON t.id = e.team_id JOIN school sc ON sc.id = t.school_id
WHERE s.conference_id = ? AND s.deleted_at IS NULL
ORDER BY s.starts_at, s.room, pr.session_id, pr.position;

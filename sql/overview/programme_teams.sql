-- Teams of a cycle with school context and their question, for the programme overview.
SELECT t.id AS team_id, s.name AS "School", t.name AS "Team", e.question AS "Enquiry question",
       s.pct_pupil_premium AS "% PP", s.pct_eal AS "% EAL", s.pct_send AS "% SEND",
       (SELECT count(*) FROM team_member m WHERE m.team_id = t.id) AS "Members",
       (SELECT count(*) FROM question_revision r WHERE r.enquiry_id = e.id) AS "Revisions"
FROM team t JOIN school s ON s.id = t.school_id LEFT JOIN enquiry e ON e.team_id = t.id
WHERE t.cycle_id = ?
ORDER BY s.name;

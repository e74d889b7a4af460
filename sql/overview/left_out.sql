-- Schools left out of a cycle, most disadvantaged first: no team, no question yet, no critical
-- friend although meetings have been held (by the reference date $2: today, or the cycle's end once
-- it has finished), or no clinic booked.
WITH status AS (
    SELECT s.*, t.id AS team_id, trim(coalesce(e.question, '')) = '' AS no_question,
           EXISTS (SELECT 1 FROM meeting m WHERE m.cycle_id = $1 AND m.held_on <= $2) AS meetings_held,
           EXISTS (SELECT 1 FROM meeting_team mt WHERE mt.team_id = t.id AND mt.group_no IS NOT NULL) AS grouped,
           EXISTS (SELECT 1 FROM clinic_booking b WHERE b.team_id = t.id AND b.cancelled_at IS NULL) AS clinic
    FROM school s
    LEFT JOIN team t ON t.school_id = s.id AND t.cycle_id = $1
    LEFT JOIN enquiry e ON e.team_id = t.id
)
SELECT name AS "School", phase AS "Phase",
       CASE WHEN team_id IS NULL THEN 'No team this cycle'
            ELSE concat_ws('; ', CASE WHEN no_question THEN 'No question yet' END,
                                 CASE WHEN meetings_held AND NOT grouped THEN 'No critical friend' END,
                                 CASE WHEN NOT clinic THEN 'No clinic yet' END) END AS "Why",
       pct_pupil_premium AS "% PP", pct_eal AS "% EAL", pct_send AS "% SEND", pupils AS "Pupils"
FROM status
WHERE team_id IS NULL OR no_question OR (meetings_held AND NOT grouped) OR NOT clinic
ORDER BY pct_pupil_premium DESC, name;

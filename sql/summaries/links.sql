-- Which schools worked with which in a cycle: teams in the same critical-friend group at a
-- meeting held by $today, and written critique a teacher gave to another school's enquiry. One row
-- per pair of schools and way of working together (school_a's name sorts before school_b's).
WITH grouped AS (
    SELECT mt.meeting_id, mt.group_no, t.school_id, m.title
    FROM meeting_team mt JOIN meeting m ON m.id = mt.meeting_id JOIN team t ON t.id = mt.team_id
    WHERE m.cycle_id = $cycle_id AND mt.group_no IS NOT NULL
), pairs AS (
    SELECT a.school_id AS a_id, b.school_id AS b_id, 'critical friends' AS how, count(*) AS times
    FROM grouped a JOIN grouped b ON a.meeting_id = b.meeting_id AND a.group_no = b.group_no
                                 AND a.school_id < b.school_id
    GROUP BY ALL
    UNION ALL
    SELECT p.school_id, t.school_id, 'written critique', count(*)
    FROM critique_item c JOIN enquiry q ON q.id = c.enquiry_id JOIN team t ON t.id = q.team_id
    JOIN person p ON p.id = c.from_person_id
    WHERE t.cycle_id = $cycle_id AND c.source = 'written' AND p.school_id IS NOT NULL AND p.school_id <> t.school_id
    GROUP BY ALL
)
SELECT least(sa.name, sb.name) AS school_a, greatest(sa.name, sb.name) AS school_b, how,
       sum(times)::INTEGER AS times
FROM pairs JOIN school sa ON sa.id = a_id JOIN school sb ON sb.id = b_id
GROUP BY ALL
ORDER BY school_a, school_b, how;

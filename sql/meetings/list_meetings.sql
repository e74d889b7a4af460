-- A cycle's meetings by date, with how many teams attend.
SELECT m.id, m.title, m.held_on, m.place, (SELECT count(*) FROM meeting_team mt WHERE mt.meeting_id = m.id) AS teams
FROM meeting m WHERE m.cycle_id = ? ORDER BY m.held_on, m.id;

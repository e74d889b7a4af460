-- A meeting's critical-friend groups: team, school, context and whether the group is locked.
SELECT mt.group_no AS "Group", s.name AS "School", t.name AS "Team", e.focus AS "Focus",
       s.pct_pupil_premium AS "% PP", mt.locked AS "Locked", mt.team_id
FROM meeting_team mt JOIN team t ON t.id = mt.team_id JOIN school s ON s.id = t.school_id
LEFT JOIN enquiry e ON e.team_id = t.id
WHERE mt.meeting_id = ? ORDER BY mt.group_no NULLS LAST, s.name;

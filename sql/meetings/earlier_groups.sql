-- Groups of the cycle's meetings held before this one (to avoid repeating partners).
SELECT mt.meeting_id, mt.group_no, list(mt.team_id) AS team_ids
FROM meeting_team mt JOIN meeting m ON m.id = mt.meeting_id
WHERE m.cycle_id = ? AND m.held_on <= ? AND m.id <> ? AND mt.group_no IS NOT NULL
GROUP BY mt.meeting_id, mt.group_no;

-- Activity behind the stuck flags, one row per team of a cycle, judged at the reference date (today,
-- or the cycle's end once it has finished): last evidence, last activity, critique waiting for an
-- answer, overdue follow-ups, clinics used, critical-friend groups. Evidence whose participants
-- withdrew consent counts for nothing here, and nothing after the reference date counts.
WITH ref AS (
    SELECT least($today, c.ends_on) AS on_day FROM cycle c WHERE c.id = $cycle_id
), usable AS (
    SELECT ev.enquiry_id, ev.collected_on, ev.updated_at FROM evidence_item ev
    WHERE ev.deleted_at IS NULL AND ev.consent <> 'withdrawn'
)
SELECT t.id AS team_id,
       (SELECT max(u.collected_on) FROM usable u
         WHERE u.enquiry_id = e.id AND u.collected_on <= ref.on_day) AS last_evidence,
       greatest(CASE WHEN e.updated_at::DATE <= ref.on_day THEN e.updated_at END,
                (SELECT max(u.updated_at) FROM usable u WHERE u.enquiry_id = e.id AND u.updated_at::DATE <= ref.on_day),
                (SELECT max(c.responded_at) FROM critique_item c
                  WHERE c.enquiry_id = e.id AND c.responded_at::DATE <= ref.on_day)) AS last_activity,
       (SELECT count(*) FROM critique_item c WHERE c.enquiry_id = e.id AND c.response IS NULL) AS open_critique,
       (SELECT min(c.created_at) FROM critique_item c WHERE c.enquiry_id = e.id AND c.response IS NULL) AS oldest_open,
       (SELECT count(*) FROM follow_up f JOIN clinic_booking b ON b.id = f.booking_id
         WHERE b.team_id = t.id AND b.cancelled_at IS NULL AND NOT f.done AND f.due_on < ref.on_day) AS overdue_follow_ups,
       (SELECT count(*) FROM clinic_booking b WHERE b.team_id = t.id AND b.cancelled_at IS NULL) AS clinics,
       (SELECT count(*) FROM meeting_team mt WHERE mt.team_id = t.id AND mt.group_no IS NOT NULL) AS critical_friend_groups,
       (SELECT count(*) FROM meeting m WHERE m.cycle_id = t.cycle_id AND m.held_on <= ref.on_day) AS meetings_held
FROM team t CROSS JOIN ref LEFT JOIN enquiry e ON e.team_id = t.id
WHERE t.cycle_id = $cycle_id;

-- Activity behind the stuck flags, one row per team of a cycle: last evidence, last activity,
-- critique waiting for an answer, overdue follow-ups, clinics used, critical friends.
SELECT t.id AS team_id,
       (SELECT max(ev.collected_on) FROM evidence_item ev
         WHERE ev.enquiry_id = e.id AND ev.deleted_at IS NULL) AS last_evidence,
       greatest(e.updated_at,
                (SELECT max(ev.updated_at) FROM evidence_item ev WHERE ev.enquiry_id = e.id),
                (SELECT max(c.responded_at) FROM critique_item c WHERE c.enquiry_id = e.id)) AS last_activity,
       (SELECT count(*) FROM critique_item c WHERE c.enquiry_id = e.id AND c.response IS NULL) AS open_critique,
       (SELECT min(c.created_at) FROM critique_item c WHERE c.enquiry_id = e.id AND c.response IS NULL) AS oldest_open,
       (SELECT count(*) FROM follow_up f JOIN clinic_booking b ON b.id = f.booking_id
         WHERE b.team_id = t.id AND b.cancelled_at IS NULL AND NOT f.done AND f.due_on < $today) AS overdue_follow_ups,
       (SELECT count(*) FROM clinic_booking b WHERE b.team_id = t.id AND b.cancelled_at IS NULL) AS clinics,
       (SELECT count(*) FROM meeting_team mt WHERE mt.team_id = t.id AND mt.group_no IS NOT NULL) AS pairings,
       (SELECT count(*) FROM meeting m WHERE m.cycle_id = t.cycle_id AND m.held_on <= $today) AS meetings_held
FROM team t LEFT JOIN enquiry e ON e.team_id = t.id
WHERE t.cycle_id = $cycle_id;

-- One row per team (of the cycle $cycle_id, or of every cycle when it is NULL; of one school when
-- $school_id is given): what the team asked and did, counted for the summaries. Evidence counts and
-- participants leave out deleted items and those whose participants withdrew consent (BERA).
WITH teams AS (
    SELECT t.id AS team_id, t.cycle_id, t.school_id, t.name AS team, e.id AS enquiry_id
    FROM team t JOIN enquiry e ON e.team_id = t.id
    WHERE ($cycle_id IS NULL OR t.cycle_id = $cycle_id) AND ($school_id IS NULL OR t.school_id = $school_id)
), ev AS (
    SELECT enquiry_id, count(*) AS evidence, count(DISTINCT kind) AS methods,
           sum(coalesce(participant_count, 0)) AS participants
    FROM evidence_item WHERE deleted_at IS NULL AND consent <> 'withdrawn'
      AND enquiry_id IN (SELECT enquiry_id FROM teams)
    GROUP BY enquiry_id
), lit AS (
    SELECT enquiry_id, count(*) AS literature FROM literature
    WHERE deleted_at IS NULL AND enquiry_id IN (SELECT enquiry_id FROM teams) GROUP BY enquiry_id
), fin AS (
    SELECT enquiry_id, count(*) AS findings FROM finding
    WHERE deleted_at IS NULL AND enquiry_id IN (SELECT enquiry_id FROM teams) GROUP BY enquiry_id
), crit AS (
    SELECT enquiry_id, count(*) AS critique, count(response) AS critique_answered
    FROM critique_item WHERE enquiry_id IN (SELECT enquiry_id FROM teams) GROUP BY enquiry_id
), rev AS (
    SELECT enquiry_id, count(*) AS revisions FROM question_revision
    WHERE enquiry_id IN (SELECT enquiry_id FROM teams) GROUP BY enquiry_id
), met AS (
    SELECT mt.team_id, count(*) AS meetings, count(mt.group_no) AS critical_friend_groups
    FROM meeting_team mt JOIN meeting m ON m.id = mt.meeting_id JOIN cycle c ON c.id = m.cycle_id
    WHERE m.held_on <= least($today, c.ends_on) AND mt.team_id IN (SELECT team_id FROM teams)
    GROUP BY mt.team_id
), clin AS (
    SELECT b.team_id, count(*) AS clinics, list(DISTINCT p.name ORDER BY p.name) AS clinic_facilitators
    FROM clinic_booking b JOIN clinic_slot s ON s.id = b.slot_id LEFT JOIN person p ON p.id = s.facilitator_id
    WHERE b.cancelled_at IS NULL AND b.team_id IN (SELECT team_id FROM teams) GROUP BY b.team_id
), pres AS (
    SELECT p.enquiry_id, count(*) AS presentations
    FROM presentation p JOIN conference_session s ON s.id = p.session_id AND s.deleted_at IS NULL
    WHERE p.enquiry_id IN (SELECT enquiry_id FROM teams) GROUP BY p.enquiry_id
), act AS (
    SELECT a.enquiry_id, count(*) AS actions,
           count(*) FILTER (WHERE a.status = 'done') AS actions_done,
           count(*) FILTER (WHERE a.status IN ('planned', 'in progress')) AS actions_open,
           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM impact_review r WHERE r.action_id = a.id)) AS actions_reviewed
    FROM action_item a WHERE a.deleted_at IS NULL AND a.enquiry_id IN (SELECT enquiry_id FROM teams)
    GROUP BY a.enquiry_id
), imp AS (
    SELECT a.enquiry_id, count(*) AS impact_reviews
    FROM impact_review r JOIN action_item a ON a.id = r.action_id AND a.deleted_at IS NULL
    WHERE a.enquiry_id IN (SELECT enquiry_id FROM teams) GROUP BY a.enquiry_id
)
SELECT t.team_id, t.enquiry_id, t.cycle_id, c.label AS cycle, c.starts_on AS cycle_starts_on, t.school_id,
       s.name AS school, t.team, e.focus, e.question, e.why_it_matters, e.target_groups, e.year_groups, e.status,
       s.pct_pupil_premium, s.pct_eal, s.pct_send,
       coalesce(rev.revisions, 0) AS revisions,
       coalesce(ev.evidence, 0) AS evidence, coalesce(ev.methods, 0) AS methods,
       coalesce(ev.participants, 0) AS participants, coalesce(lit.literature, 0) AS literature,
       coalesce(fin.findings, 0) AS findings,
       coalesce(crit.critique, 0) AS critique, coalesce(crit.critique_answered, 0) AS critique_answered,
       coalesce(met.meetings, 0) AS meetings, coalesce(met.critical_friend_groups, 0) AS critical_friend_groups,
       coalesce(clin.clinics, 0) AS clinics, coalesce(clin.clinic_facilitators, []) AS clinic_facilitators,
       coalesce(pres.presentations, 0) AS presentations,
       coalesce(act.actions, 0) AS actions, coalesce(act.actions_done, 0) AS actions_done,
       coalesce(act.actions_open, 0) AS actions_open, coalesce(act.actions_reviewed, 0) AS actions_reviewed,
       coalesce(imp.impact_reviews, 0) AS impact_reviews
FROM teams t JOIN enquiry e ON e.id = t.enquiry_id JOIN school s ON s.id = t.school_id
JOIN cycle c ON c.id = t.cycle_id
LEFT JOIN ev ON ev.enquiry_id = t.enquiry_id LEFT JOIN lit ON lit.enquiry_id = t.enquiry_id
LEFT JOIN fin ON fin.enquiry_id = t.enquiry_id LEFT JOIN crit ON crit.enquiry_id = t.enquiry_id
LEFT JOIN rev ON rev.enquiry_id = t.enquiry_id LEFT JOIN met ON met.team_id = t.team_id
LEFT JOIN clin ON clin.team_id = t.team_id LEFT JOIN pres ON pres.enquiry_id = t.enquiry_id
LEFT JOIN act ON act.enquiry_id = t.enquiry_id LEFT JOIN imp ON imp.enquiry_id = t.enquiry_id
ORDER BY c.starts_on, s.name;

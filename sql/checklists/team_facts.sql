-- What the stage checklists read: one row per team of a cycle, or for one team.
-- Evidence counts leave out deleted items and those whose participants withdrew consent;
-- literature in the library counts as evidence from wider research.
WITH live AS (
    SELECT enquiry_id, kind, origin, voices FROM evidence_item
    WHERE deleted_at IS NULL AND consent <> 'withdrawn'
), ev AS (
    SELECT enquiry_id,
           count(*) FILTER (WHERE origin = 'our practice') AS evidence_practice,
           count(*) FILTER (WHERE origin = 'wider research') AS evidence_research_items,
           count(DISTINCT kind) FILTER (WHERE origin = 'our practice') AS evidence_methods,
           count(*) FILTER (WHERE list_contains(voices, 'pupils')) AS evidence_pupil_voice
    FROM live GROUP BY enquiry_id
), crit AS (
    SELECT enquiry_id, count(*) AS critique_items, count(*) FILTER (WHERE response IS NULL) AS critique_unanswered
    FROM critique_item GROUP BY enquiry_id
), met AS (
    -- Meetings held by today, or by the cycle's end once it has finished (a past year is judged as it ended).
    SELECT mt.team_id, count(*) AS meetings_presented
    FROM meeting_team mt JOIN meeting m ON m.id = mt.meeting_id JOIN cycle c ON c.id = m.cycle_id
    WHERE m.held_on <= least($today, c.ends_on) GROUP BY mt.team_id
), lit AS (
    SELECT enquiry_id, count(*) AS literature FROM literature WHERE deleted_at IS NULL GROUP BY enquiry_id
)
SELECT t.id AS team_id, t.cycle_id, e.focus, e.question, e.target_groups, e.ethics_agreed,
       coalesce(ev.evidence_practice, 0) AS evidence_practice,
       coalesce(ev.evidence_research_items, 0) + coalesce(lit.literature, 0) AS evidence_research,
       coalesce(ev.evidence_methods, 0) AS evidence_methods,
       coalesce(ev.evidence_pupil_voice, 0) AS evidence_pupil_voice,
       coalesce(met.meetings_presented, 0) AS meetings_presented,
       coalesce(crit.critique_items, 0) AS critique_items,
       coalesce(crit.critique_unanswered, 0) AS critique_unanswered,
       EXISTS (SELECT 1 FROM writeup w WHERE w.enquiry_id = e.id AND w.status = 'ready') AS writeup_complete
FROM team t LEFT JOIN enquiry e ON e.team_id = t.id
LEFT JOIN ev ON ev.enquiry_id = e.id LEFT JOIN lit ON lit.enquiry_id = e.id
LEFT JOIN crit ON crit.enquiry_id = e.id LEFT JOIN met ON met.team_id = t.id
WHERE ($team_id IS NULL AND t.cycle_id = $cycle_id) OR t.id = $team_id;

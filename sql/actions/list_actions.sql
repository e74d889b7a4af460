-- An enquiry's actions (live, or deleted ones for restoring), in order of review date, with the
-- ids of their linked findings, how many impact reviews each has and the latest, and whether the
-- review is overdue: the review date has passed with no impact review, the action is neither done
-- nor stopped, and the cycle is still running (a finished year flags nothing).
SELECT a.id, a.strategy, a.owner, a.starts_on, a.review_on, a.success_criteria, a.status, a.stop_reason,
       coalesce((SELECT list(af.finding_id ORDER BY af.finding_id) FROM action_finding af
                 WHERE af.action_id = a.id), []) AS linked_finding_ids,
       (SELECT count(*) FROM impact_review r WHERE r.action_id = a.id) AS reviews,
       (SELECT max(r.reviewed_on) FROM impact_review r WHERE r.action_id = a.id) AS last_reviewed_on,
       (a.review_on < $today AND c.ends_on >= $today AND a.status IN ('planned', 'in progress')
        AND NOT EXISTS (SELECT 1 FROM impact_review r WHERE r.action_id = a.id)) AS overdue,
       a.created_at, a.updated_at, a.deleted_at
FROM action_item a JOIN enquiry q ON q.id = a.enquiry_id JOIN team t ON t.id = q.team_id
JOIN cycle c ON c.id = t.cycle_id
WHERE a.enquiry_id = $enquiry_id AND ((a.deleted_at IS NOT NULL) = $deleted)
ORDER BY a.review_on, a.id;

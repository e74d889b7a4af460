-- Live actions of a cycle ($cycle_id) or of one enquiry ($enquiry_id), with their impact: how many
-- impact reviews, the latest review's "what changed", and every group the reviews name.
WITH a AS (
    SELECT a.*, s.name AS school, t.school_id
    FROM action_item a JOIN enquiry q ON q.id = a.enquiry_id JOIN team t ON t.id = q.team_id
    JOIN school s ON s.id = t.school_id
    WHERE a.deleted_at IS NULL
      AND (($enquiry_id IS NULL AND t.cycle_id = $cycle_id) OR a.enquiry_id = $enquiry_id)
), r AS (
    SELECT action_id, count(*) AS reviews, max(reviewed_on) AS last_reviewed_on,
           arg_max(what_changed, (reviewed_on, id)) AS what_changed,
           list_sort(list_distinct(flatten(list(for_whom)))) AS for_whom
    FROM impact_review WHERE action_id IN (SELECT id FROM a) GROUP BY action_id
)
SELECT a.id AS action_id, a.enquiry_id, a.school_id, a.school, a.strategy, a.status, a.starts_on, a.review_on,
       a.success_criteria, a.stop_reason, coalesce(r.reviews, 0) AS reviews, r.last_reviewed_on,
       coalesce(r.what_changed, '') AS what_changed, coalesce(r.for_whom, []) AS for_whom
FROM a LEFT JOIN r ON r.action_id = a.id
ORDER BY a.school, a.review_on, a.id;

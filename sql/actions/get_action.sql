-- One action (deleted or not) with its enquiry's team and the ids of the findings it is linked to.
SELECT a.id, a.enquiry_id, q.team_id, a.strategy, a.owner, a.starts_on, a.review_on, a.success_criteria, a.status,
       a.stop_reason, a.created_at, a.updated_at, a.deleted_at,
       coalesce((SELECT list(af.finding_id ORDER BY af.finding_id) FROM action_finding af WHERE af.action_id = a.id),
                []) AS finding_ids
FROM action_item a JOIN enquiry q ON q.id = a.enquiry_id
WHERE a.id = ?;

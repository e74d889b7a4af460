-- Change an action's fields.
UPDATE action_item SET strategy = $strategy, owner = $owner, starts_on = $starts_on, review_on = $review_on,
    success_criteria = $success_criteria, status = $status, stop_reason = $stop_reason,
    updated_by = $actor_id, updated_at = $when
WHERE id = $id;

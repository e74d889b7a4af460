-- Add an action to an enquiry's plan; returns its id.
INSERT INTO action_item (enquiry_id, strategy, owner, starts_on, review_on, success_criteria, status, stop_reason,
                         created_by, created_at, updated_by, updated_at)
VALUES ($enquiry_id, $strategy, $owner, $starts_on, $review_on, $success_criteria, $status, $stop_reason,
        $actor_id, $when, $actor_id, $when)
RETURNING id;

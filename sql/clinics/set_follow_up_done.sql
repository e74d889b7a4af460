-- Mark a follow-up done or not done.
UPDATE follow_up SET done = ? WHERE id = ?;

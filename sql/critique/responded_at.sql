-- When the item was last answered (NULL while unanswered), read inside the answering transaction.
SELECT responded_at FROM critique_item WHERE id = ?;

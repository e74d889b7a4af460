-- Remove an item's tags (before setting them anew).
DELETE FROM evidence_tag WHERE evidence_id = ?;

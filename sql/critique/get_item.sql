-- One critique item.
SELECT * FROM critique_item WHERE id = ?;

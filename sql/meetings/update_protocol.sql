-- Change a meeting's protocol.
UPDATE meeting SET protocol = ? WHERE id = ?;

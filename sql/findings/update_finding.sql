-- Change a finding's text.
UPDATE finding SET claim = ?, detail = ?, updated_at = ? WHERE id = ?;

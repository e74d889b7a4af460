-- Replace a change-log entry's before and after with copies whose personal content is removed.
UPDATE change_log SET before = ?, after = ? WHERE id = ?;

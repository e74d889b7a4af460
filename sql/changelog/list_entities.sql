-- The kinds of record the change log holds, for its filter.
SELECT DISTINCT entity FROM change_log ORDER BY entity;

-- Delete these data sets' records (their row tables are dropped one by one).
DELETE FROM dataset WHERE id IN (SELECT unnest(?::INTEGER[]));

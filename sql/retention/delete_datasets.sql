-- Delete these data sets' records (after their rows).
DELETE FROM dataset WHERE id IN (SELECT unnest(?::INTEGER[]));

-- Delete these data sets' rows.
DELETE FROM dataset_rows WHERE dataset_id IN (SELECT unnest(?::INTEGER[]));

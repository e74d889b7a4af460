-- A data set's rows (one Parquet file).
SELECT data FROM dataset_rows WHERE dataset_id = ?;

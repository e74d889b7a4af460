-- Keep a data set's rows (one Parquet file).
INSERT INTO dataset_rows (dataset_id, data) VALUES (?, ?);

-- Tables of a store made before data sets' rows moved into dataset_rows: one per data set.
SELECT table_name FROM duckdb_tables()
WHERE schema_name = 'main' AND NOT temporary AND regexp_full_match(table_name, 'dataset_[0-9]+')
ORDER BY table_name;

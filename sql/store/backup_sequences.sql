-- The store's sequences with the next value each would give (for a backup).
SELECT sequence_name, coalesce(last_value + 1, start_value) AS next_value
FROM duckdb_sequences() WHERE schema_name = 'main' ORDER BY sequence_name;

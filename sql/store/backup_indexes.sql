-- The store's indexes with the statement that creates each (for a backup).
SELECT index_name, sql FROM duckdb_indexes() WHERE schema_name = 'main' AND sql IS NOT NULL ORDER BY index_name;

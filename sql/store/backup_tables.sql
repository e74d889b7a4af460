-- The store's own tables with the statement that creates each (for a backup); the full-text
-- index's tables (another schema) are left out: it is rebuilt after a restore.
SELECT table_name, sql FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary ORDER BY table_name;

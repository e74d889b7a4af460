-- The newest migration applied to this store (0 for a store without any).
SELECT coalesce(max(version), 0) FROM schema_migrations;

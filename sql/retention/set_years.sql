-- Set (or clear, with NULL) how many years after its end a cycle's personal data is kept.
UPDATE "cycle" SET retention_years = ? WHERE id = ?;

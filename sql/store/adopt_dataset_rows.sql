-- Keep the rows of a data set from a store or backup made before dataset_rows, unless kept already.
INSERT INTO dataset_rows (dataset_id, data) SELECT ?, ? WHERE EXISTS (SELECT 1 FROM dataset WHERE id = ?)
ON CONFLICT (dataset_id) DO NOTHING;

-- Describe a new data set; returns its id.
INSERT INTO dataset (evidence_id, name, filename, encoding, delimiter, sheet, n_rows, columns, created_by, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id;

-- Cite an evidence item in an impact review.
INSERT INTO impact_evidence (review_id, evidence_id) VALUES (?, ?);

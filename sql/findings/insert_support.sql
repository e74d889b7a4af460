-- Link a finding to a supporting evidence item.
INSERT INTO finding_evidence (finding_id, evidence_id) VALUES (?, ?);

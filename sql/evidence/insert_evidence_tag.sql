-- Tag an evidence item.
INSERT INTO evidence_tag (evidence_id, tag_id) VALUES (?, ?);

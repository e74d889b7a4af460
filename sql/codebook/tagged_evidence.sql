-- Evidence items carrying a tag.
SELECT evidence_id FROM evidence_tag WHERE tag_id = ?;

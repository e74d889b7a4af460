-- Conference sessions carry their own version (when and by whom each was last changed), so two
-- facilitators editing different sessions do not refuse each other's saves, while the later of
-- two saves to the same session is refused instead of overwriting the first.
ALTER TABLE conference_session ADD COLUMN updated_at TIMESTAMP;
ALTER TABLE conference_session ADD COLUMN updated_by INTEGER;

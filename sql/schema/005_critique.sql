-- Critique items on an enquiry (from meetings, clinics or in writing) and the team's answers;
-- question revisions can name the meeting, clinic booking or critique item that prompted them.

CREATE SEQUENCE critique_id_seq START 1;

CREATE TABLE critique_item (
    id INTEGER PRIMARY KEY DEFAULT nextval('critique_id_seq'),
    enquiry_id INTEGER NOT NULL,
    from_person_id INTEGER,
    source VARCHAR NOT NULL,             -- meeting, clinic, written
    meeting_id INTEGER,
    booking_id INTEGER,
    kind VARCHAR NOT NULL,               -- warm, cool, question, suggestion
    text VARCHAR NOT NULL,
    evidence_id INTEGER,
    finding_id INTEGER,
    created_at TIMESTAMP NOT NULL,
    response VARCHAR,                    -- accepted, not accepted
    response_text VARCHAR NOT NULL DEFAULT '',
    revision_id INTEGER,                 -- the question revision the critique led to
    response_evidence_id INTEGER,        -- the new evidence it led to
    responded_by INTEGER,
    responded_at TIMESTAMP
);

CREATE INDEX critique_enquiry_idx ON critique_item (enquiry_id);

ALTER TABLE question_revision ADD COLUMN prompted_meeting_id INTEGER;
ALTER TABLE question_revision ADD COLUMN prompted_booking_id INTEGER;
ALTER TABLE question_revision ADD COLUMN prompted_critique_id INTEGER;

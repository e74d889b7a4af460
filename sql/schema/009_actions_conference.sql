-- Action and Conference stages: each enquiry's action plan (strategies linked to the findings that
-- prompted them, owner, start and review dates, success criteria, status) with impact reviews
-- (what changed, for whom, and the evidence: items and, optionally, a data set's comparison);
-- the annual conference of a cycle (day, venue, hours), its sessions (time, room, theme) and the
-- enquiries presented in each; a critique answer can name the new action it led to; and the
-- write-up tables the write-up editor builds on (one write-up per enquiry, one row per section).

CREATE SEQUENCE action_id_seq START 1;
CREATE SEQUENCE impact_review_id_seq START 1;
CREATE SEQUENCE conference_id_seq START 1;
CREATE SEQUENCE conference_session_id_seq START 1;
CREATE SEQUENCE writeup_id_seq START 1;

CREATE TABLE action_item (
    id INTEGER PRIMARY KEY DEFAULT nextval('action_id_seq'),
    enquiry_id INTEGER NOT NULL,
    strategy VARCHAR NOT NULL,
    owner VARCHAR NOT NULL,
    starts_on DATE NOT NULL,
    review_on DATE NOT NULL,
    success_criteria VARCHAR NOT NULL DEFAULT '',
    status VARCHAR NOT NULL DEFAULT 'planned',   -- planned, in progress, done, stopped
    stop_reason VARCHAR NOT NULL DEFAULT '',
    created_by INTEGER,
    created_at TIMESTAMP NOT NULL,
    updated_by INTEGER,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);

CREATE TABLE action_finding (
    action_id INTEGER NOT NULL,
    finding_id INTEGER NOT NULL,
    PRIMARY KEY (action_id, finding_id)
);

CREATE TABLE impact_review (
    id INTEGER PRIMARY KEY DEFAULT nextval('impact_review_id_seq'),
    action_id INTEGER NOT NULL,
    what_changed VARCHAR NOT NULL,
    for_whom VARCHAR[] NOT NULL DEFAULT [],      -- target groups (vocabulary) or the team's own words
    dataset_id INTEGER,                          -- a data set whose comparison shows the change
    chart VARCHAR,                               -- which comparison of it (a chart kind)
    reviewed_on DATE NOT NULL,
    created_by INTEGER,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE impact_evidence (
    review_id INTEGER NOT NULL,
    evidence_id INTEGER NOT NULL,
    PRIMARY KEY (review_id, evidence_id)
);

CREATE INDEX action_enquiry_idx ON action_item (enquiry_id);
CREATE INDEX impact_review_action_idx ON impact_review (action_id);

CREATE TABLE conference (
    id INTEGER PRIMARY KEY DEFAULT nextval('conference_id_seq'),
    cycle_id INTEGER NOT NULL UNIQUE,
    held_on DATE NOT NULL,
    venue VARCHAR NOT NULL,
    starts_at TIME NOT NULL,
    ends_at TIME NOT NULL,
    updated_by INTEGER,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE conference_session (
    id INTEGER PRIMARY KEY DEFAULT nextval('conference_session_id_seq'),
    conference_id INTEGER NOT NULL,
    title VARCHAR NOT NULL,
    theme VARCHAR NOT NULL DEFAULT '',
    room VARCHAR NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    minutes INTEGER NOT NULL,
    deleted_at TIMESTAMP
);

CREATE TABLE presentation (
    session_id INTEGER NOT NULL,
    enquiry_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (session_id, enquiry_id)
);

ALTER TABLE critique_item ADD COLUMN response_action_id INTEGER;  -- the new action an answer led to

CREATE TABLE writeup (
    id INTEGER PRIMARY KEY DEFAULT nextval('writeup_id_seq'),
    enquiry_id INTEGER NOT NULL UNIQUE,
    status VARCHAR NOT NULL DEFAULT 'draft',     -- draft, ready
    updated_at TIMESTAMP,
    updated_by INTEGER,
    ready_at TIMESTAMP
);

CREATE TABLE writeup_section (
    writeup_id INTEGER NOT NULL,
    section_key VARCHAR NOT NULL,
    body VARCHAR,
    updated_at TIMESTAMP,
    updated_by INTEGER,
    PRIMARY KEY (writeup_id, section_key)
);

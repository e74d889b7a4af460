-- Evidence: items with attachments, the alliance codebook, literature, data sets, findings,
-- and the search documents behind full-text search.

CREATE SEQUENCE evidence_id_seq START 1;
CREATE SEQUENCE attachment_id_seq START 1;
CREATE SEQUENCE tag_id_seq START 1;
CREATE SEQUENCE literature_id_seq START 1;
CREATE SEQUENCE dataset_id_seq START 1;
CREATE SEQUENCE finding_id_seq START 1;
CREATE SEQUENCE search_doc_id_seq START 1;

CREATE TABLE evidence_item (
    id INTEGER PRIMARY KEY DEFAULT nextval('evidence_id_seq'),
    enquiry_id INTEGER NOT NULL,
    title VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    origin VARCHAR NOT NULL,
    voices VARCHAR[] NOT NULL DEFAULT [],
    participants VARCHAR NOT NULL DEFAULT '',
    participant_count INTEGER,
    collected_on DATE NOT NULL,
    collected_by INTEGER,
    summary VARCHAR NOT NULL DEFAULT '',
    notes VARCHAR NOT NULL DEFAULT '',
    quotes VARCHAR[] NOT NULL DEFAULT [],
    consent VARCHAR NOT NULL DEFAULT 'not needed',
    sensitivity VARCHAR NOT NULL DEFAULT 'none',
    created_by INTEGER,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    deleted_by INTEGER
);

CREATE TABLE attachment (
    id INTEGER PRIMARY KEY DEFAULT nextval('attachment_id_seq'),
    evidence_id INTEGER NOT NULL,
    filename VARCHAR NOT NULL,
    mime_type VARCHAR NOT NULL,
    size_bytes INTEGER NOT NULL,
    content BLOB NOT NULL,
    created_by INTEGER,
    created_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);

CREATE TABLE codebook_tag (
    id INTEGER PRIMARY KEY DEFAULT nextval('tag_id_seq'),
    name VARCHAR NOT NULL UNIQUE,
    description VARCHAR NOT NULL DEFAULT '',
    status VARCHAR NOT NULL DEFAULT 'approved',
    proposed_by INTEGER,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE evidence_tag (
    evidence_id INTEGER NOT NULL,
    tag_id INTEGER NOT NULL,
    PRIMARY KEY (evidence_id, tag_id)
);

CREATE TABLE literature (
    id INTEGER PRIMARY KEY DEFAULT nextval('literature_id_seq'),
    enquiry_id INTEGER NOT NULL,
    authors VARCHAR[] NOT NULL DEFAULT [],
    year INTEGER,
    title VARCHAR NOT NULL,
    source VARCHAR NOT NULL DEFAULT '',
    volume VARCHAR NOT NULL DEFAULT '',
    issue VARCHAR NOT NULL DEFAULT '',
    pages VARCHAR NOT NULL DEFAULT '',
    publisher VARCHAR NOT NULL DEFAULT '',
    place VARCHAR NOT NULL DEFAULT '',
    doi VARCHAR NOT NULL DEFAULT '',
    url VARCHAR NOT NULL DEFAULT '',
    kind VARCHAR NOT NULL DEFAULT 'article',
    key_points VARCHAR NOT NULL DEFAULT '',
    bearing VARCHAR NOT NULL DEFAULT '',
    created_by INTEGER,
    created_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);

CREATE TABLE dataset (
    id INTEGER PRIMARY KEY DEFAULT nextval('dataset_id_seq'),
    evidence_id INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    filename VARCHAR NOT NULL,
    encoding VARCHAR,
    delimiter VARCHAR,
    sheet VARCHAR,
    n_rows INTEGER NOT NULL,
    columns JSON NOT NULL,
    created_by INTEGER,
    created_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);

-- Each data set's rows are kept in dataset_rows (013), with columns c0, c1, ... in the order of
-- the columns JSON above (which keeps the original names, types and roles).

CREATE TABLE finding (
    id INTEGER PRIMARY KEY DEFAULT nextval('finding_id_seq'),
    enquiry_id INTEGER NOT NULL,
    claim VARCHAR NOT NULL,
    detail VARCHAR NOT NULL DEFAULT '',
    created_by INTEGER,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);

CREATE TABLE finding_evidence (
    finding_id INTEGER NOT NULL,
    evidence_id INTEGER NOT NULL,
    PRIMARY KEY (finding_id, evidence_id)
);

-- What full-text search reads: one document per evidence item or literature reference.
CREATE TABLE search_doc (
    id INTEGER PRIMARY KEY DEFAULT nextval('search_doc_id_seq'),
    enquiry_id INTEGER NOT NULL,
    source VARCHAR NOT NULL,
    source_id INTEGER NOT NULL,
    title VARCHAR NOT NULL,
    body VARCHAR NOT NULL,
    UNIQUE (source, source_id)
);

-- Whether the full-text index is behind the documents (rebuilt before the next search).
CREATE TABLE search_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    dirty BOOLEAN NOT NULL
);
INSERT INTO search_state VALUES (1, true);

CREATE INDEX evidence_enquiry_idx ON evidence_item (enquiry_id);
CREATE INDEX attachment_evidence_idx ON attachment (evidence_id);
CREATE INDEX literature_enquiry_idx ON literature (enquiry_id);
CREATE INDEX dataset_evidence_idx ON dataset (evidence_id);
CREATE INDEX finding_enquiry_idx ON finding (enquiry_id);

-- The alliance, its schools, people and roles, cycles with calendars, teams, enquiries with
-- question revisions, per-cycle stage checklists, and the append-only change log.

CREATE SEQUENCE school_id_seq START 1;
CREATE SEQUENCE person_id_seq START 1;
CREATE SEQUENCE cycle_id_seq START 1;
CREATE SEQUENCE milestone_id_seq START 1;
CREATE SEQUENCE team_id_seq START 1;
CREATE SEQUENCE enquiry_id_seq START 1;
CREATE SEQUENCE revision_id_seq START 1;
CREATE SEQUENCE checklist_item_id_seq START 1;
CREATE SEQUENCE change_id_seq START 1;

CREATE TABLE alliance (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name VARCHAR NOT NULL,
    lead_school_id INTEGER,
    university_partner VARCHAR NOT NULL DEFAULT '',
    local_authority VARCHAR NOT NULL DEFAULT ''
);

CREATE TABLE school (
    id INTEGER PRIMARY KEY DEFAULT nextval('school_id_seq'),
    urn VARCHAR NOT NULL UNIQUE,
    name VARCHAR NOT NULL,
    phase VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    pupils INTEGER NOT NULL,
    pct_pupil_premium DOUBLE NOT NULL,
    pct_eal DOUBLE NOT NULL,
    pct_send DOUBLE NOT NULL
);

CREATE TABLE person (
    id INTEGER PRIMARY KEY DEFAULT nextval('person_id_seq'),
    name VARCHAR NOT NULL,
    email VARCHAR NOT NULL UNIQUE,
    school_id INTEGER,
    active BOOLEAN NOT NULL DEFAULT true
);

CREATE TABLE person_role (
    person_id INTEGER NOT NULL,
    role VARCHAR NOT NULL,
    PRIMARY KEY (person_id, role)
);

CREATE TABLE cycle (
    id INTEGER PRIMARY KEY DEFAULT nextval('cycle_id_seq'),
    label VARCHAR NOT NULL UNIQUE,
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL
);

CREATE TABLE milestone (
    id INTEGER PRIMARY KEY DEFAULT nextval('milestone_id_seq'),
    cycle_id INTEGER NOT NULL,
    title VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    due_on DATE NOT NULL
);

CREATE TABLE checklist_item (
    id INTEGER PRIMARY KEY DEFAULT nextval('checklist_item_id_seq'),
    cycle_id INTEGER NOT NULL,
    stage VARCHAR NOT NULL,
    item_key VARCHAR NOT NULL,
    label VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    enabled BOOLEAN NOT NULL DEFAULT true,
    UNIQUE (cycle_id, item_key)
);

CREATE TABLE team (
    id INTEGER PRIMARY KEY DEFAULT nextval('team_id_seq'),
    cycle_id INTEGER NOT NULL,
    school_id INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    UNIQUE (cycle_id, school_id)
);

CREATE TABLE team_member (
    team_id INTEGER NOT NULL,
    person_id INTEGER NOT NULL,
    is_lead BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (team_id, person_id)
);

CREATE TABLE enquiry (
    id INTEGER PRIMARY KEY DEFAULT nextval('enquiry_id_seq'),
    team_id INTEGER NOT NULL UNIQUE,
    focus VARCHAR NOT NULL DEFAULT '',
    question VARCHAR NOT NULL DEFAULT '',
    hunch VARCHAR NOT NULL DEFAULT '',
    why_it_matters VARCHAR NOT NULL DEFAULT '',
    context VARCHAR NOT NULL DEFAULT '',
    target_groups VARCHAR[] NOT NULL DEFAULT [],
    year_groups VARCHAR[] NOT NULL DEFAULT [],
    ethics_plan VARCHAR NOT NULL DEFAULT '',
    ethics_agreed BOOLEAN NOT NULL DEFAULT false,
    status VARCHAR NOT NULL DEFAULT 'active',
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE question_revision (
    id INTEGER PRIMARY KEY DEFAULT nextval('revision_id_seq'),
    enquiry_id INTEGER NOT NULL,
    revision_no INTEGER NOT NULL,
    question VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    prompted_by VARCHAR NOT NULL DEFAULT '',
    revised_by INTEGER,
    revised_at TIMESTAMP NOT NULL,
    UNIQUE (enquiry_id, revision_no)
);

-- Append-only: nothing updates or deletes these rows.
CREATE TABLE change_log (
    id BIGINT PRIMARY KEY DEFAULT nextval('change_id_seq'),
    changed_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    actor_id INTEGER,
    entity VARCHAR NOT NULL,
    entity_id VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    before JSON,
    after JSON
);

CREATE INDEX milestone_cycle_idx ON milestone (cycle_id);
CREATE INDEX team_cycle_idx ON team (cycle_id);
CREATE INDEX revision_enquiry_idx ON question_revision (enquiry_id);
CREATE INDEX change_entity_idx ON change_log (entity, entity_id);

-- Cross-school meetings: when and where, the protocol's timed phases, attending teams, and the
-- critical-friend groups (pairs or trios), which a facilitator can lock.

CREATE SEQUENCE meeting_id_seq START 1;

CREATE TABLE meeting (
    id INTEGER PRIMARY KEY DEFAULT nextval('meeting_id_seq'),
    cycle_id INTEGER NOT NULL,
    title VARCHAR NOT NULL,
    held_on DATE NOT NULL,
    place VARCHAR NOT NULL DEFAULT '',
    agenda VARCHAR NOT NULL DEFAULT '',
    protocol JSON NOT NULL,
    facilitator_id INTEGER,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE meeting_team (
    meeting_id INTEGER NOT NULL,
    team_id INTEGER NOT NULL,
    group_no INTEGER,
    locked BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (meeting_id, team_id)
);

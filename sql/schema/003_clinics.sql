-- Research clinics: slots published by facilitators, bookings by teams (one live booking per
-- slot), the facilitator's notes and advice, and follow-ups.

CREATE SEQUENCE clinic_slot_id_seq START 1;
CREATE SEQUENCE clinic_booking_id_seq START 1;
CREATE SEQUENCE follow_up_id_seq START 1;

CREATE TABLE clinic_slot (
    id INTEGER PRIMARY KEY DEFAULT nextval('clinic_slot_id_seq'),
    cycle_id INTEGER NOT NULL,
    facilitator_id INTEGER NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    minutes INTEGER NOT NULL,
    place VARCHAR NOT NULL DEFAULT '',
    link VARCHAR NOT NULL DEFAULT '',
    booking_id INTEGER,          -- the live booking, if any: one per slot
    withdrawn_at TIMESTAMP
);

CREATE TABLE clinic_booking (
    id INTEGER PRIMARY KEY DEFAULT nextval('clinic_booking_id_seq'),
    slot_id INTEGER NOT NULL,
    team_id INTEGER NOT NULL,
    topic VARCHAR NOT NULL,
    help_wanted VARCHAR NOT NULL DEFAULT '',
    booked_by INTEGER,
    booked_at TIMESTAMP NOT NULL,
    cancelled_at TIMESTAMP,
    notes VARCHAR NOT NULL DEFAULT '',
    advice VARCHAR NOT NULL DEFAULT ''
);

CREATE TABLE follow_up (
    id INTEGER PRIMARY KEY DEFAULT nextval('follow_up_id_seq'),
    booking_id INTEGER NOT NULL,
    what VARCHAR NOT NULL,
    who VARCHAR NOT NULL,
    due_on DATE NOT NULL,
    done BOOLEAN NOT NULL DEFAULT false
);

CREATE INDEX clinic_slot_cycle_idx ON clinic_slot (cycle_id);
CREATE INDEX clinic_booking_team_idx ON clinic_booking (team_id);

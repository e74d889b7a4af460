-- Who actually came to a cross-school meeting (people of the attending teams), and who said each
-- piece of feedback captured there: the critical friend, not the facilitator typing it in.
CREATE TABLE meeting_attendance (
    meeting_id INTEGER NOT NULL,
    person_id INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, person_id)
);

ALTER TABLE critique_item ADD COLUMN said_by_person_id INTEGER;

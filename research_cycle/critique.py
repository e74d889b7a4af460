"""Critique: what critical friends and facilitators say about an enquiry (warm, cool, a question
or a suggestion, at a meeting, a clinic or in writing), optionally pinned to one evidence item or
finding, and the team's answer to each: accepted, with what changed (and the question revision
it led to), or not, with why. Critique is there to change thinking, so every item needs an answer.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from . import actions, clinics, enquiries, meetings
from .enquiries import team_of
from .store import changelog, clock, db, validate
from .store.actors import Person
from .store.errors import NotFound, PermissionDenied, ValidationError
from .store.permissions import Action, require
from .store.vocab import CRITIQUE_KINDS, CRITIQUE_SOURCES


def add_critique(con, actor: Person, enquiry_id: int, *, kind, text, source="written", meeting_id=None,
                 booking_id=None, evidence_id=None, finding_id=None, said_by: int | None = None,
                 when: dt.datetime | None = None) -> int:
    """Record a critique item on an enquiry. Returns its id. ``when`` (the time of the record) is
    for loading past cycles; by default it is now.

    ``said_by``: at a meeting, the critical friend who gave the feedback when someone else (the
    facilitator) types it in: a member of another team attending that meeting."""
    team_id = team_of(con, enquiry_id)
    if team_id in {t["id"] for t in db.rows(con, "critique/teams_of_person", [actor.id])}:
        raise PermissionDenied(f"{actor.name} cannot critique their own team's enquiry: critique is for other "
                               "teams' enquiries. Record your own reflections as evidence instead.")
    require(con, actor, Action.GIVE_CRITIQUE, team_id=team_id)
    clean = {"kind": validate.choice("Kind", kind, CRITIQUE_KINDS), "text": validate.text("Critique", text, required=True),
             "source": validate.choice("Where", source, CRITIQUE_SOURCES)}
    with db.transaction(con):
        if clean["source"] == "meeting":
            if meeting_id is None or not meetings.attended(con, meeting_id, team_id):
                raise ValidationError("Meeting", "choose a meeting this team attended.")
            if said_by is not None and meetings.attendee_team(con, meeting_id, said_by) in (None, team_id):
                raise ValidationError("Who said it", "choose someone from another team at this meeting.")
        elif said_by is not None:
            raise ValidationError("Who said it", "only feedback captured at a meeting names who said it.")
        if clean["source"] == "clinic":
            if booking_id is None or not clinics.is_team_booking(con, booking_id, team_id):
                raise ValidationError("Clinic", "choose one of this team's clinic bookings.")
        for value, query, label in ((evidence_id, "critique/evidence_of_enquiry", "Evidence item"),
                                    (finding_id, "critique/finding_of_enquiry", "Finding")):
            if value is not None and db.one(con, query, [value, enquiry_id]) is None:
                raise ValidationError(label, "must belong to this enquiry.")
        critique_id = db.scalar(con, "critique/insert_item", [
            enquiry_id, actor.id, clean["source"], meeting_id if clean["source"] == "meeting" else None,
            booking_id if clean["source"] == "clinic" else None, clean["kind"], clean["text"], evidence_id, finding_id,
            when or clock.now(), said_by])
        changelog.record(con, actor.id, "critique", critique_id, "create", None,
                         {**clean, "meeting_id": meeting_id, "evidence_id": evidence_id, "finding_id": finding_id,
                          "said_by": said_by})
    return critique_id


def get_critique(con, actor: Person, critique_id: int) -> dict:
    """One critique item with the team's answer (for the team and facilitators)."""
    item = _get(con, critique_id)
    require(con, actor, Action.READ_EVIDENCE, team_id=team_of(con, item["enquiry_id"]))
    return item


def _get(con, critique_id: int) -> dict:
    row = db.one(con, "critique/get_item", [critique_id])
    if row is None:
        raise NotFound("That critique item no longer exists.")
    return row


def answer_critique(con, actor: Person, critique_id: int, *, accepted: bool, text, revision_no: int | None = None,
                    evidence_id: int | None = None, action_id: int | None = None,
                    expected_responded_at: dt.datetime | None = None, when: dt.datetime | None = None) -> None:
    """The team's answer. Accepted: say what changed (and, optionally, the question revision,
    the new evidence item or the new action of the enquiry it led to). Not accepted: say why.

    ``expected_responded_at`` is the answer the form was loaded with (None: the item was
    unanswered). If a teammate answered in between, the save is refused, so neither answer is
    silently lost. ``when`` (the time of the answer) is for loading past cycles; by default now."""
    item = _get(con, critique_id)
    require(con, actor, Action.EDIT_ENQUIRY, team_id=team_of(con, item["enquiry_id"]))
    label = "What changed" if accepted else "Why not"
    text = validate.text(label, text, required=True)
    with db.transaction(con):
        if db.scalar(con, "critique/responded_at", [critique_id]) != expected_responded_at:
            raise ValidationError("Answer", "someone in your team answered this item while you were writing. Your "
                                  "text is still in the form: reload the page to see their answer, then change "
                                  "it if you need to.")
        revision_id = None
        if revision_no is not None:
            revision_id = enquiries.revision_id(con, item["enquiry_id"], int(revision_no))
            if revision_id is None:
                raise ValidationError("Question revision", f"revision {revision_no} does not exist for this enquiry.")
        if evidence_id is not None and db.one(con, "critique/evidence_of_enquiry", [evidence_id, item["enquiry_id"]]) is None:
            raise ValidationError("New evidence", "choose an evidence item of this enquiry.")
        if action_id is not None and not actions.belongs_to(con, action_id, item["enquiry_id"]):
            raise ValidationError("New action", "choose one of this enquiry's actions (a deleted action cannot be "
                                  "named).")
        con.execute(db.sql("critique/answer_item"), ["accepted" if accepted else "not accepted", text, revision_id,
                                                     evidence_id, action_id, actor.id, when or clock.now(),
                                                     critique_id])
        changelog.record(con, actor.id, "critique", critique_id, "answer",
                         {"response": item["response"], "response_text": item["response_text"]},
                         {"response": "accepted" if accepted else "not accepted", "response_text": text,
                          "revision_id": revision_id, "evidence_id": evidence_id, "action_id": action_id})


def for_enquiry(con, actor: Person, enquiry_id: int) -> pd.DataFrame:
    """Every critique item on the enquiry, unanswered first, with who gave it and where (for the
    team and facilitators: items may discuss the team's evidence)."""
    require(con, actor, Action.READ_EVIDENCE, team_id=team_of(con, enquiry_id))
    return db.frame(con, "critique/list_for_enquiry", [enquiry_id])


def friends_enquiries(con, actor: Person, cycle_id: int) -> pd.DataFrame:
    """The enquiries of the actor's critical friends in a cycle (for written critique). Scoped to
    the actor: it lists only teams grouped with the actor's own."""
    return db.frame(con, "critique/friends_enquiries", [actor.id, cycle_id])

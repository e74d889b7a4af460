"""Each team's enquiry (focus, question, hunch, context, target groups, ethics) and the history
of its question. Every change to the question text is kept as a revision with a reason and what
prompted it, because how a question changed is a finding in itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .store import changelog, clock, db, validate
from .store.actors import Person
from .store.errors import NotFound, ValidationError
from .store.formatting import word_diff
from .store.permissions import Action, require
from .store.vocab import ENQUIRY_STATUSES, TARGET_GROUPS, YEAR_GROUPS

QUESTION_LIMIT = validate.MEDIUM
REASON_LIMIT = 1000
PROMPT_LIMIT = validate.SHORT

FIELDS = ("focus", "question", "hunch", "why_it_matters", "context", "target_groups",
          "year_groups", "ethics_plan", "ethics_agreed", "status")


@dataclass
class Enquiry:
    id: int
    team_id: int
    team: str
    school_id: int
    school: str
    cycle_id: int
    cycle: str
    focus: str
    question: str
    hunch: str
    why_it_matters: str
    context: str
    target_groups: list[str]
    year_groups: list[str]
    ethics_plan: str
    ethics_agreed: bool
    status: str
    updated_at: dt.datetime

    def editable_fields(self) -> dict:
        return {k: getattr(self, k) for k in FIELDS}


def team_of(con, enquiry_id: int) -> int:
    """The id of the team whose enquiry this is (NotFound if there is no such enquiry)."""
    team_id = db.scalar(con, "enquiries/team_of_enquiry", [enquiry_id])
    if team_id is None:
        raise NotFound(f"No enquiry with id {enquiry_id}.")
    return team_id


def revision_id(con, enquiry_id: int, revision_no: int) -> int | None:
    """The id of the enquiry's question revision with this number, or None."""
    return db.scalar(con, "enquiries/revision_id", [enquiry_id, revision_no])


def create_for_team(con, team_id: int) -> int:
    """The (empty) enquiry of a new team, inside the caller's transaction. Returns its id."""
    return db.scalar(con, "enquiries/insert_enquiry", [team_id])


def get_enquiry(con, actor: Person, enquiry_id: int) -> Enquiry:
    """The enquiry (focus, question, hunch...), for anyone who may read enquiries."""
    require(con, actor, Action.READ_ENQUIRY)
    return _get(con, enquiry_id)


def _get(con, enquiry_id: int) -> Enquiry:
    row = db.one(con, "enquiries/get_enquiry", [enquiry_id])
    if row is None:
        raise NotFound(f"No enquiry with id {enquiry_id}.")
    row["target_groups"] = list(row["target_groups"] or [])
    row["year_groups"] = list(row["year_groups"] or [])
    return Enquiry(**row)


def list_enquiries(con, actor: Person, cycle_id: int):
    """Every enquiry of a cycle with school and team (DataFrame), for reading across schools."""
    require(con, actor, Action.READ_ENQUIRY)
    return db.frame(con, "enquiries/list_enquiries", [cycle_id])


def revisions(con, actor: Person, enquiry_id: int) -> list[dict]:
    """The question's versions, oldest first, each with the word differences from the one before."""
    require(con, actor, Action.READ_ENQUIRY)
    out = db.rows(con, "enquiries/list_revisions", [enquiry_id])
    previous = ""
    for rev in out:
        rev["diff"] = word_diff(previous, rev["question"]) if previous else [("added", rev["question"])]
        previous = rev["question"]
    return out


def _clean(values: dict, before: Enquiry) -> dict:
    clean = {
        "focus": validate.text("Focus", values.get("focus"), required=True),
        "question": validate.text("Question", values.get("question"), limit=QUESTION_LIMIT),
        "hunch": validate.text("Hunch", values.get("hunch")),
        "why_it_matters": validate.text("Why it matters", values.get("why_it_matters")),
        "context": validate.text("Context", values.get("context")),
        "target_groups": validate.choices("Target learner groups", values.get("target_groups"), TARGET_GROUPS),
        "year_groups": validate.choices("Year groups", values.get("year_groups"), YEAR_GROUPS),
        "ethics_plan": validate.text("Ethics plan", values.get("ethics_plan")),
        "ethics_agreed": bool(values.get("ethics_agreed")),
        "status": validate.choice("Status", values.get("status") or before.status, ENQUIRY_STATUSES),
    }
    if before.question and not clean["question"]:
        raise ValidationError("Question", "cannot be emptied once written. Revise it instead, giving a reason.")
    if clean["ethics_agreed"] and not clean["ethics_plan"]:
        raise ValidationError("Ethics plan", "write the plan before marking it agreed.")
    return clean


def update_enquiry(con, actor: Person, enquiry_id: int, values: dict, *, reason: str = "",
                   prompted_by: str = "", prompted_critique_id: int | None = None,
                   prompted_meeting_id: int | None = None, prompted_booking_id: int | None = None,
                   expected_updated_at: dt.datetime | None = None, when: dt.datetime | None = None) -> Enquiry:
    """Save the enquiry. A changed question needs a reason and becomes a new revision.

    ``expected_updated_at`` is the version the form was loaded from: if a teammate saved in
    between, the save is refused so neither person's text is silently overwritten.
    Values not given keep their current value. A revision can name the critique item, meeting or
    clinic booking that prompted it. Returns the saved enquiry.
    """
    before = _get(con, enquiry_id)
    require(con, actor, Action.EDIT_ENQUIRY, team_id=before.team_id)
    merged = {**before.editable_fields(), **{k: v for k, v in values.items() if k in FIELDS}}
    clean = _clean(merged, before)
    question_changed = clean["question"] != before.question
    reason = validate.text("Reason for the change", reason, limit=REASON_LIMIT)
    prompted_by = validate.text("What prompted it", prompted_by, limit=PROMPT_LIMIT)
    if question_changed and before.question and not reason:
        raise ValidationError("Reason for the change", "say why the question changed; it becomes part of the write-up.")
    when = when or clock.now()
    with db.transaction(con):
        current = db.scalar(con, "enquiries/get_updated_at", [enquiry_id])
        if expected_updated_at is not None and current != expected_updated_at:
            raise ValidationError(
                "Enquiry",
                "someone in your team saved changes while you were editing. Your text is still in the "
                "form: reload the page to see their version, then apply your changes again.",
            )
        con.execute(db.sql("enquiries/update_enquiry"), [*(clean[k] for k in FIELDS), when, enquiry_id])
        changed = {k: clean[k] for k in FIELDS if clean[k] != getattr(before, k)}
        if question_changed:
            _check_prompts(con, enquiry_id, before.team_id, prompted_critique_id, prompted_meeting_id,
                           prompted_booking_id)
            number = db.scalar(con, "enquiries/next_revision_no", [enquiry_id])
            con.execute(db.sql("enquiries/insert_revision"), [
                enquiry_id, number, clean["question"], reason or "First version of the question",
                prompted_by, actor.id, when, prompted_meeting_id, prompted_booking_id, prompted_critique_id,
            ])
        if changed:
            changelog.record(con, actor.id, "enquiry", enquiry_id, "update",
                             {k: getattr(before, k) for k in changed}, changed)
    return _get(con, enquiry_id)


def _check_prompts(con, enquiry_id: int, team_id: int, critique_id, meeting_id, booking_id) -> None:
    if critique_id is not None:
        item = db.one(con, "enquiries/prompt_critique", [critique_id])
        if item is None or item["enquiry_id"] != enquiry_id:
            raise ValidationError("What prompted it", "that critique item is not on this enquiry.")
    if meeting_id is not None and db.one(con, "enquiries/prompt_meeting", [meeting_id, team_id]) is None:
        raise ValidationError("What prompted it", "your team did not attend that meeting.")
    if booking_id is not None and db.one(con, "enquiries/prompt_booking", [booking_id, team_id]) is None:
        raise ValidationError("What prompted it", "that clinic is not one of your team's bookings.")



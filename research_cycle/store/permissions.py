"""Who may do what. Every write in the domain calls one of the ``require_*`` functions first,
so hiding a page is never the only protection.

- teachers write only their own team's enquiry;
- teachers read their own team's evidence (it may hold personal data) and propose codebook tags;
- facilitators read everything, curate the codebook, write critique, meetings, clinics and build
  the conference; everyone signed in reads the conference programme;
- senior leaders read summaries and enquiries, never raw evidence;
- administrators manage the alliance, schools, people, cycles and teams, back the store up and
  apply the retention periods (deleting personal data that has reached them);
- a finished cycle (its end date has passed) is read-only: team writes (enquiry, evidence,
  findings, critique, clinics, actions) and meeting, clinic and conference writes in it are
  refused, except for administrators, so a past year stays as it ended.
"""

from __future__ import annotations

import contextlib
import contextvars
from enum import StrEnum

from . import clock, db
from .actors import Person
from .errors import PermissionDenied
from .formatting import uk_date


class Action(StrEnum):
    EDIT_ENQUIRY = "edit the enquiry"
    READ_ENQUIRY = "read enquiries"
    VIEW_OVERVIEW = "see the programme overview"
    MANAGE_ALLIANCE = "manage the alliance"
    MANAGE_SCHOOLS = "manage schools"
    MANAGE_PEOPLE = "manage people and roles"
    MANAGE_CYCLES = "manage cycles and calendars"
    MANAGE_TEAMS = "manage teams and members"
    READ_CHANGE_LOG = "read the change log"
    READ_EVIDENCE = "read this team's evidence"
    PROPOSE_TAG = "propose codebook tags"
    CURATE_CODEBOOK = "curate the codebook"
    RUN_CLINICS = "publish clinic slots and record clinic advice"
    BOOK_CLINIC = "book a clinic for this team"
    RUN_MEETINGS = "schedule cross-school meetings and form critical-friend groups"
    GIVE_CRITIQUE = "give critique on this enquiry"
    READ_CLINICS = "see the clinic timetable"
    BACK_UP = "back up and restore the whole store"
    APPLY_RETENTION = "set retention periods and delete personal data that has reached them"
    BUILD_CONFERENCE = "build the conference programme"
    READ_CONFERENCE = "read the conference programme"
    READ_WRITEUPS = "read the write-ups marked ready and the proceedings"
    READ_SUMMARIES = "read the alliance's summaries (digest, equity view, trends)"
    READ_SCHOOL_SUMMARY = "read a school's summary"


# Actions allowed by role alone. EDIT_ENQUIRY also needs membership of the team.
_BY_ROLE: dict[str, set[Action]] = {
    "teacher": {Action.EDIT_ENQUIRY, Action.READ_ENQUIRY, Action.READ_EVIDENCE, Action.PROPOSE_TAG,
                Action.BOOK_CLINIC, Action.GIVE_CRITIQUE, Action.READ_CLINICS, Action.READ_CONFERENCE},
    "facilitator": {Action.READ_ENQUIRY, Action.VIEW_OVERVIEW, Action.READ_EVIDENCE, Action.PROPOSE_TAG,
                    Action.CURATE_CODEBOOK, Action.RUN_CLINICS, Action.RUN_MEETINGS, Action.GIVE_CRITIQUE,
                    Action.READ_CLINICS, Action.BUILD_CONFERENCE, Action.READ_CONFERENCE, Action.READ_WRITEUPS,
                    Action.READ_SUMMARIES, Action.READ_SCHOOL_SUMMARY},
    "senior_leader": {Action.READ_ENQUIRY, Action.READ_CONFERENCE, Action.READ_SUMMARIES, Action.READ_SCHOOL_SUMMARY,
                      Action.READ_WRITEUPS},
    "administrator": {
        Action.READ_ENQUIRY, Action.VIEW_OVERVIEW, Action.MANAGE_ALLIANCE, Action.MANAGE_SCHOOLS,
        Action.MANAGE_PEOPLE, Action.MANAGE_CYCLES, Action.MANAGE_TEAMS, Action.READ_CHANGE_LOG,
        Action.CURATE_CODEBOOK, Action.READ_CONFERENCE, Action.BACK_UP, Action.APPLY_RETENTION,
        Action.READ_SUMMARIES, Action.READ_SCHOOL_SUMMARY,
    },
    "system": set(Action),
}

# Writes that belong to one cycle: refused once the cycle has finished (see ``finished_cycle``).
_CYCLE_WRITES = frozenset({Action.EDIT_ENQUIRY, Action.BOOK_CLINIC, Action.GIVE_CRITIQUE, Action.RUN_MEETINGS,
                           Action.RUN_CLINICS, Action.BUILD_CONFERENCE})
_recording_history: contextvars.ContextVar[bool] = contextvars.ContextVar("recording_history", default=False)

_MANAGE = {
    "alliance": Action.MANAGE_ALLIANCE,
    "schools": Action.MANAGE_SCHOOLS,
    "people": Action.MANAGE_PEOPLE,
    "cycles": Action.MANAGE_CYCLES,
    "teams": Action.MANAGE_TEAMS,
}


def is_team_member(con, person_id: int | None, team_id: int) -> bool:
    if person_id is None:
        return False
    return db.scalar(con, "permissions/is_team_member", [team_id, person_id]) is not None


@contextlib.contextmanager
def recording_history():
    """Inside this block finished cycles may be written: for loaders that replay a year that has
    already happened (the sample alliance, generated alliances), never for people using the app."""
    token = _recording_history.set(True)
    try:
        yield
    finally:
        _recording_history.reset(token)


def finished_cycle(con, *, team_id: int | None = None, cycle_id: int | None = None) -> dict | None:
    """The team's cycle (or the cycle ``cycle_id``) if its end date is before today, as
    {"id", "label", "ends_on"}; None while it runs, or when neither is given."""
    if team_id is None and cycle_id is None:
        return None
    return db.one(con, "permissions/finished_cycle", {"team_id": team_id, "cycle_id": cycle_id, "today": clock.today()})


def _closed(con, person: Person, action: Action, team_id, cycle_id) -> dict | None:
    """The finished cycle that this write would change (None when the write may go ahead)."""
    if action not in _CYCLE_WRITES or person.has("administrator") or _recording_history.get():
        return None
    return finished_cycle(con, team_id=team_id, cycle_id=cycle_id)


def can(con, person: Person | None, action: Action, *, team_id: int | None = None, cycle_id: int | None = None) -> bool:
    """Whether ``person`` may do ``action`` (on the team's enquiry, for EDIT_ENQUIRY). Writes to a
    team (``team_id``) or a cycle (``cycle_id``) whose cycle has finished are refused, except for
    administrators."""
    if person is None:
        return False
    if "system" in person.roles:
        return True
    return _allowed(con, person, action, team_id) and _closed(con, person, action, team_id, cycle_id) is None


def _allowed(con, person: Person, action: Action, team_id: int | None) -> bool:
    roles = [role for role in person.roles if action in _BY_ROLE.get(role, ())]
    if not roles:
        return False
    if action in (Action.EDIT_ENQUIRY, Action.BOOK_CLINIC):
        return team_id is not None and is_team_member(con, person.id, team_id)
    if action is Action.GIVE_CRITIQUE and roles == ["teacher"]:
        # Teachers critique the enquiries of their critical friends: teams in a group with theirs.
        return team_id is not None and db.scalar(con, "permissions/is_critical_friend", [person.id, team_id]) is not None
    if action is Action.READ_EVIDENCE and roles == ["teacher"]:
        # A team's raw evidence may hold personal data: teachers see only their own team's.
        return team_id is not None and is_team_member(con, person.id, team_id)
    return True


def require(con, person: Person | None, action: Action, *, team_id: int | None = None,
            cycle_id: int | None = None) -> None:
    """Raise PermissionDenied with a plain reason unless ``can(...)``."""
    if can(con, person, action, team_id=team_id, cycle_id=cycle_id):
        return
    who = person.name if person else "Nobody signed in"
    if person is not None and _allowed(con, person, action, team_id):
        closed = _closed(con, person, action, team_id, cycle_id)
        raise PermissionDenied(f"{closed['label']} finished on {uk_date(closed['ends_on'])}, so its records are kept as "
                               "they were at the end of the year and can no longer be changed. Ask an administrator "
                               "if something must be corrected.")
    if action is Action.GIVE_CRITIQUE:
        raise PermissionDenied(f"{who} cannot critique this enquiry: teachers give written critique to their "
                               "critical friends' teams (grouped at a cross-school meeting).")
    if action in (Action.EDIT_ENQUIRY, Action.READ_EVIDENCE, Action.BOOK_CLINIC):
        verb = {Action.EDIT_ENQUIRY: "edit this enquiry", Action.READ_EVIDENCE: "see this team's evidence",
                Action.BOOK_CLINIC: "book or cancel clinics for this team"}[action]
        raise PermissionDenied(
            f"{who} cannot {verb}: only members of the team that owns it can. "
            "Ask an administrator to add you to the team if you should be on it."
        )
    raise PermissionDenied(f"{who} cannot {action.value}: ask an administrator if you need to.")


def require_read_evidence(con, person: Person | None, enquiry_ids) -> None:
    """Raise PermissionDenied unless ``person`` may read the evidence of every one of these
    enquiries (the check behind search across several enquiries)."""
    for row in db.rows(con, "permissions/teams_of_enquiries", [[int(e) for e in enquiry_ids]]):
        require(con, person, Action.READ_EVIDENCE, team_id=row["team_id"])


def reads_every_school(person: Person | None) -> bool:
    """Whether ``person`` reads every school's summary: facilitators, administrators, and the TSA
    lead (a senior leader attached to no school). A head teacher (a senior leader of a school)
    reads only their own school's."""
    if person is None:
        return False
    return bool({"system", "facilitator", "administrator"} & set(person.roles)) or (
        person.has("senior_leader") and person.school_id is None)


def require_school_summary(con, person: Person | None, school_id: int) -> None:
    """Raise PermissionDenied unless ``person`` may read this school's summary (see
    ``reads_every_school``)."""
    require(con, person, Action.READ_SCHOOL_SUMMARY)
    if not reads_every_school(person) and person.school_id != school_id:
        raise PermissionDenied(f"{person.name} can read their own school's summary and the alliance digest, not "
                               "another school's page. Ask the TSA lead or a facilitator if you need it.")


def require_manage(con, person: Person | None, area: str) -> None:
    require(con, person, _MANAGE[area])

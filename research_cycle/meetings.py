"""Cross-school meetings and their critical-friend groups.

A facilitator schedules a meeting in the cycle with the attending teams and a timed protocol (a
tuning protocol by default), then asks for critical-friend groups (pairs, and a trio when numbers
are odd): see :mod:`research_cycle.lib.pairing`, which also says why each group was proposed.
Groups can be swapped and locked; proposing again keeps locked groups and avoids partners who
already met at earlier meetings of the cycle. Meetings of a finished cycle are read-only.
"""

from __future__ import annotations

import json

import pandas as pd

from . import cycles
from .lib import pairing
from .store import changelog, clock, db, validate
from .store.actors import Person
from .store.errors import NotFound, ValidationError
from .store.permissions import Action, require

TUNING_PROTOCOL = (
    ("Presentation", 10),
    ("Clarifying questions", 5),
    ("Warm and cool feedback (presenters listen in silence)", 15),
    ("Presenters' response", 5),
    ("Debrief", 5),
)


def clean_protocol(phases) -> list[dict]:
    """[{"phase", "minutes"}] with every phase named and lasting 1–120 minutes."""
    out = []
    for n, phase in enumerate(phases, start=1):
        name, minutes = (phase["phase"], phase["minutes"]) if isinstance(phase, dict) else phase
        name = validate.text(f"Protocol phase {n}", name, required=True, limit=validate.SHORT)
        try:
            minutes = int(minutes)
        except (TypeError, ValueError):
            raise ValidationError(f"Protocol phase {n}", "give its length in whole minutes.") from None
        if minutes <= 0:
            raise ValidationError(f"Protocol phase {n}", f"'{name}' must last at least one minute (it has {minutes}).")
        if minutes > 120:
            raise ValidationError(f"Protocol phase {n}", f"'{name}' is {minutes} minutes; the limit is 120.")
        out.append({"phase": name, "minutes": minutes})
    if not out:
        raise ValidationError("Protocol", "needs at least one phase.")
    return out


def schedule(con, actor: Person, *, cycle_id: int, title, held_on, place="", agenda="", team_ids=(),
             protocol=TUNING_PROTOCOL) -> int:
    """Schedule a meeting inside the cycle with at least two attending teams of that cycle."""
    require(con, actor, Action.RUN_MEETINGS, cycle_id=cycle_id)
    title = validate.text("Title", title, required=True, limit=validate.SHORT)
    held_on = validate.date("Date", held_on)
    place = validate.text("Place", place, limit=validate.SHORT)
    agenda = validate.text("Agenda", agenda)
    phases = clean_protocol(protocol)
    with db.transaction(con):
        cycle = cycles.get_cycle(con, cycle_id, missing_ok=True)
        if cycle is None or not cycle["starts_on"] <= held_on <= cycle["ends_on"]:
            raise ValidationError("Date", "must fall inside the cycle "
                                  + (f"({cycle['starts_on']:%d/%m/%Y}–{cycle['ends_on']:%d/%m/%Y})." if cycle else "."))
        in_cycle = {r["id"] for r in db.rows(con, "meetings/teams_of_cycle", [cycle_id])}
        team_ids = sorted({int(t) for t in team_ids})
        if len(team_ids) < 2:
            raise ValidationError("Attending teams", "choose at least two teams, so they can critique each other.")
        if set(team_ids) - in_cycle:
            raise ValidationError("Attending teams", "one of the teams is not in this cycle.")
        meeting_id = db.scalar(con, "meetings/insert_meeting", [cycle_id, title, held_on, place, agenda,
                                                                json.dumps(phases), actor.id, clock.now()])
        for team_id in team_ids:
            con.execute(db.sql("meetings/insert_team"), [meeting_id, team_id])
        changelog.record(con, actor.id, "meeting", meeting_id, "create", None,
                         {"title": title, "held_on": held_on, "place": place, "team_ids": team_ids, "protocol": phases})
    return meeting_id


def attended(con, meeting_id: int, team_id: int) -> bool:
    """Whether the team was among the meeting's attending teams."""
    return db.one(con, "meetings/team_attended", [meeting_id, team_id]) is not None


def attendance(con, actor: Person, meeting_id: int) -> pd.DataFrame:
    """The members of the meeting's attending teams (person_id, name, school, team, team_id) and
    whether each came (for facilitators, who run meetings)."""
    require(con, actor, Action.RUN_MEETINGS)
    _meeting(con, meeting_id)
    return db.frame(con, "meetings/attendance", [meeting_id])


def set_attendance(con, actor: Person, meeting_id: int, person_ids) -> None:
    """Record who came: members of the attending teams only (the list replaces the last one)."""
    _require_run(con, actor, meeting_id)
    chosen = sorted({int(p) for p in person_ids})
    with db.transaction(con):
        members = db.frame(con, "meetings/attendance", [meeting_id])
        unknown = set(chosen) - {int(p) for p in members["person_id"]}
        if unknown:
            raise ValidationError("Who came", "only members of the attending teams can be marked as present.")
        before = sorted(int(p) for p in members[members["present"]]["person_id"])
        con.execute(db.sql("meetings/clear_attendance"), [meeting_id])
        for person_id in chosen:
            con.execute(db.sql("meetings/insert_attendance"), [meeting_id, person_id])
        changelog.record(con, actor.id, "meeting", meeting_id, "attendance", {"present": before}, {"present": chosen})


def attendee_team(con, meeting_id: int, person_id: int) -> int | None:
    """The attending team the person belongs to at this meeting (None if they belong to none)."""
    row = db.one(con, "meetings/attendee_team", [meeting_id, person_id])
    return row["team_id"] if row else None


def present(con, meeting_id: int, person_id: int) -> bool:
    """Whether the person was recorded as present at the meeting."""
    return db.one(con, "meetings/person_present", [meeting_id, person_id]) is not None


def get_meeting(con, actor: Person, meeting_id: int) -> dict:
    """The meeting with its protocol (for facilitators, who run meetings)."""
    require(con, actor, Action.RUN_MEETINGS)
    return _meeting(con, meeting_id)


def _meeting(con, meeting_id: int) -> dict:
    row = db.one(con, "meetings/get_meeting", [meeting_id])
    if row is None:
        raise NotFound("That meeting no longer exists.")
    row["protocol"] = json.loads(row["protocol"])
    return row


def list_meetings(con, actor: Person, cycle_id: int) -> pd.DataFrame:
    """The cycle's cross-school meetings (for facilitators)."""
    require(con, actor, Action.RUN_MEETINGS)
    return db.frame(con, "meetings/list_meetings", [cycle_id])


def _require_run(con, actor: Person, meeting_id: int) -> dict:
    """The meeting, once the actor may change it (facilitators, while its cycle runs)."""
    meeting = _meeting(con, meeting_id)
    require(con, actor, Action.RUN_MEETINGS, cycle_id=meeting["cycle_id"])
    return meeting


def set_protocol(con, actor: Person, meeting_id: int, phases) -> None:
    before = _require_run(con, actor, meeting_id)
    clean = clean_protocol(phases)
    with db.transaction(con):
        con.execute(db.sql("meetings/update_protocol"), [json.dumps(clean), meeting_id])
        changelog.record(con, actor.id, "meeting", meeting_id, "protocol", {"protocol": before["protocol"]},
                         {"protocol": clean})


def groups(con, actor: Person, meeting_id: int) -> pd.DataFrame:
    """Attending teams with their critical-friend group number (None until grouped), lock and
    school context (for facilitators)."""
    require(con, actor, Action.RUN_MEETINGS)
    return db.frame(con, "meetings/list_groups", [meeting_id])


def _attending(con, meeting_id: int) -> list[dict]:
    return db.rows(con, "meetings/attending_teams", [meeting_id])


def _current_groups(rows: list[dict]) -> list[list[int]]:
    """The groups as they stand (lists of team ids, by group number), for the change log's "before"."""
    groups: dict[int, list[int]] = {}
    for r in rows:
        if r["group_no"] is not None:
            groups.setdefault(r["group_no"], []).append(r["team_id"])
    return [sorted(groups[n]) for n in sorted(groups)]


def _team(row: dict) -> pairing.Team:
    return pairing.Team(row["team_id"], row["school_id"], f"{row['focus']} {row['question']}", row["pct_pupil_premium"])


def propose_groups(con, actor: Person, meeting_id: int) -> list[list[int]]:
    """Group the attending teams as critical friends (keeping locked groups) and store the
    groups. Returns them as lists of team ids."""
    meeting = _require_run(con, actor, meeting_id)
    with db.transaction(con):
        rows = _attending(con, meeting_id)
        teams = [_team(r) for r in rows]
        locked: dict[int, list[int]] = {}
        for r in rows:
            if r["locked"] and r["group_no"] is not None:
                locked.setdefault(r["group_no"], []).append(r["team_id"])
        earlier = {frozenset(g) for g in _earlier_pairs(con, meeting)}
        proposed = pairing.propose(teams, earlier=earlier, locked=list(locked.values()))
        locked_sets = [sorted(g) for g in locked.values()]
        for number, group in enumerate(proposed, start=1):
            for team_id in group:
                con.execute(db.sql("meetings/set_group"), [number, sorted(group) in locked_sets, meeting_id, team_id])
        changelog.record(con, actor.id, "meeting", meeting_id, "groups", {"groups": _current_groups(rows)},
                         {"groups": proposed})
    return proposed


def reasons(con, actor: Person, meeting_id: int) -> pd.DataFrame:
    """Why each critical-friend group fits, one row per group: Group, Schools, Why (the focus
    words its teams share, their schools' % pupil premium, and any partners who met before)."""
    meeting = get_meeting(con, actor, meeting_id)
    rows = [r for r in _attending(con, meeting_id) if r["group_no"] is not None]
    earlier = {frozenset(p) for p in _earlier_pairs(con, meeting)}
    names = {r["team_id"]: r["school"] for r in rows}
    out = []
    for number in sorted({r["group_no"] for r in rows}):
        members = [r for r in rows if r["group_no"] == number]
        out.append({"Group": number, "Schools": " · ".join(sorted(names[m["team_id"]] for m in members)),
                    "Why": pairing.explain([_team(m) for m in members], earlier, names=names)})
    return pd.DataFrame(out, columns=["Group", "Schools", "Why"])


def _earlier_pairs(con, meeting: dict) -> list[tuple[int, int]]:
    pairs = []
    for r in db.rows(con, "meetings/earlier_groups", [meeting["cycle_id"], meeting["held_on"], meeting["id"]]):
        members = sorted(r["team_ids"])
        pairs += [(a, b) for i, a in enumerate(members) for b in members[i + 1:]]
    return pairs


def set_groups(con, actor: Person, meeting_id: int, chosen: list[list[int]], *, lock: bool = True) -> None:
    """Set the groups by hand (every attending team in exactly one group of two or three, no
    school with itself); they are locked unless ``lock`` is False."""
    _require_run(con, actor, meeting_id)
    with db.transaction(con):
        before = _attending(con, meeting_id)
        rows = {r["team_id"]: r for r in before}
        flat = [t for g in chosen for t in g]
        if sorted(flat) != sorted(rows):
            raise ValidationError(pairing.FIELD, "every attending team must be in exactly one group.")
        for group in chosen:
            if not 2 <= len(group) <= 3 or len({rows[t]["school_id"] for t in group}) != len(group):
                raise ValidationError(pairing.FIELD, "groups are pairs or trios of teams from different schools.")
        for number, group in enumerate(sorted(sorted(g) for g in chosen), start=1):
            for team_id in group:
                con.execute(db.sql("meetings/set_group"), [number, lock, meeting_id, team_id])
        changelog.record(con, actor.id, "meeting", meeting_id, "groups", {"groups": _current_groups(before)},
                         {"groups": chosen, "locked": lock})


def swap(con, actor: Person, meeting_id: int, team_a: int, team_b: int) -> None:
    """Exchange two teams' groups (neither may be in a locked group; no school with itself)."""
    _require_run(con, actor, meeting_id)
    with db.transaction(con):
        rows = {r["team_id"]: r for r in _attending(con, meeting_id)}
        if team_a == team_b:
            raise ValidationError("Swap", "choose two different teams.")
        if team_a not in rows or team_b not in rows or rows[team_a]["group_no"] is None or rows[team_b]["group_no"] is None:
            raise ValidationError("Swap", "both teams must attend and already be in groups; propose groups first.")
        if rows[team_a]["locked"] or rows[team_b]["locked"]:
            raise ValidationError("Swap", "one of the teams is in a locked group; unlock it first.")
        ga, gb = rows[team_a]["group_no"], rows[team_b]["group_no"]
        for team_id, new_group in ((team_a, gb), (team_b, ga)):
            mates = [r for t, r in rows.items() if r["group_no"] == new_group and t not in (team_a, team_b)]
            if any(m["school_id"] == rows[team_id]["school_id"] for m in mates) or not mates:
                raise ValidationError("Swap", "that would group a team with itself or its own school.")
        con.execute(db.sql("meetings/set_group"), [gb, False, meeting_id, team_a])
        con.execute(db.sql("meetings/set_group"), [ga, False, meeting_id, team_b])
        changelog.record(con, actor.id, "meeting", meeting_id, "swap", {str(team_a): ga, str(team_b): gb},
                         {str(team_a): gb, str(team_b): ga})


def set_locked(con, actor: Person, meeting_id: int, group_no: int, locked: bool) -> None:
    _require_run(con, actor, meeting_id)
    with db.transaction(con):
        members = [r for r in _attending(con, meeting_id) if r["group_no"] == group_no]
        if not members:
            raise ValidationError("Group", f"there is no group {group_no} in this meeting; propose groups first.")
        was = all(r["locked"] for r in members)
        con.execute(db.sql("meetings/lock_group"), [bool(locked), meeting_id, group_no])
        changelog.record(con, actor.id, "meeting", meeting_id, "lock" if locked else "unlock",
                         {"group": group_no, "locked": was}, {"group": group_no, "locked": bool(locked)})

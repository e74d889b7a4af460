"""Cycles (academic years), their calendar of milestones and their stage checklists."""

from __future__ import annotations

import datetime as dt
import re

from . import checklists
from .store import changelog, clock, db, validate
from .store.actors import Person
from .store.errors import NotFound, ValidationError
from .store.permissions import require_manage
from .store.vocab import MILESTONE_KINDS


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th given weekday (Mon=0) of a month."""
    first = dt.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + dt.timedelta(days=offset + 7 * (n - 1))


def _friday_on_or_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - 4) % 7)


def default_calendar(start_year: int) -> list[tuple[str, str, dt.date]]:
    """The default English school-year calendar of the programme (DESIGN.md §2).

    (title, kind, date) for a cycle running September ``start_year`` to July ``start_year+1``.
    Meetings fall on the second Thursday of November, March and June; clinics on the first
    Wednesday of December, January and February and the last Wednesday of February.
    """
    y, n = start_year, start_year + 1
    wed, thu = 2, 3
    return [
        ("Launch: teams form and choose a focus", "launch", _nth_weekday(y, 9, wed, 2)),
        ("Enquiry question agreed", "question", _friday_on_or_before(dt.date(y, 10, 16))),
        ("Cross-school meeting 1: critique questions and plans", "meeting", _nth_weekday(y, 11, thu, 2)),
        ("Evidence gathering begins", "evidence", dt.date(y, 12, 1)),
        ("Research clinic", "clinic", _nth_weekday(y, 12, wed, 1)),
        ("Research clinic", "clinic", _nth_weekday(n, 1, wed, 2)),
        ("Research clinic", "clinic", _nth_weekday(n, 2, wed, 1)),
        ("Research clinic", "clinic", _nth_weekday(n, 2, wed, 4)),
        ("Evidence gathering ends", "evidence", dt.date(n, 2, 28)),
        ("Cross-school meeting 2: critique emerging findings", "meeting", _nth_weekday(n, 3, thu, 2)),
        ("Action phase begins", "action", _nth_weekday(n, 3, 0, 3)),
        ("Cross-school meeting 3: actions and impact", "meeting", _nth_weekday(n, 6, thu, 2)),
        ("Annual conference", "conference", _nth_weekday(n, 7, thu, 1)),
    ]


def list_cycles(con) -> list[dict]:
    """All cycles, newest first."""
    return db.rows(con, "cycles/list_cycles")


def get_cycle(con, cycle_id: int, *, missing_ok: bool = False) -> dict | None:
    found = db.one(con, "cycles/get_cycle", [cycle_id])
    if found is None and not missing_ok:
        raise NotFound(f"No cycle with id {cycle_id}.")
    return found


def current_cycle(con, today: dt.date | None = None) -> dict | None:
    """The cycle running today; else the latest that has started; else the earliest."""
    today = today or clock.today()
    cycles = list_cycles(con)
    if not cycles:
        return None
    for c in cycles:
        if c["starts_on"] <= today <= c["ends_on"]:
            return c
    started = [c for c in cycles if c["starts_on"] <= today]
    return started[0] if started else cycles[-1]


def _clean(con, label, starts_on, ends_on, cycle_id=None) -> dict:
    label = validate.text("Academic year", label, required=True, limit=20)
    match = re.fullmatch(r"(\d{4})/(\d{2})", label)
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise ValidationError("Academic year", f"'{label}' should look like 2026/27 (the two years it spans).")
    starts = validate.date("Start date", starts_on)
    ends = validate.date("End date", ends_on)
    if ends <= starts:
        raise ValidationError("End date", "must be after the start date.")
    for other in list_cycles(con):
        if other["id"] == cycle_id:
            continue
        if other["label"] == label:
            raise ValidationError("Academic year", f"{label} already exists; choose it from the list to edit it.")
        if starts <= other["ends_on"] and other["starts_on"] <= ends:
            raise ValidationError(
                "Dates",
                f"overlap cycle {other['label']} ({other['starts_on']:%d/%m/%Y}–{other['ends_on']:%d/%m/%Y}); "
                "cycles cannot overlap. Move the dates so one ends before the other starts.",
            )
    return {"label": label, "starts_on": starts, "ends_on": ends}


def create_cycle(con, actor: Person, *, label, starts_on, ends_on, with_default_calendar: bool = True) -> int:
    """Create a cycle with the default stage checklists and (normally) the default calendar."""
    require_manage(con, actor, "cycles")
    with db.transaction(con):
        clean = _clean(con, label, starts_on, ends_on)
        cycle_id = db.scalar(con, "cycles/insert_cycle", [clean["label"], clean["starts_on"], clean["ends_on"]])
        milestones = default_calendar(clean["starts_on"].year) if with_default_calendar else []
        for title, kind, due in milestones:
            con.execute(db.sql("cycles/insert_milestone"), [cycle_id, title, kind, due])
        checklists.add_default_items(con, cycle_id)
        changelog.record(con, actor.id, "cycle", cycle_id, "create", None,
                         {**clean, "milestones": len(milestones)})
    return cycle_id


def update_cycle(con, actor: Person, cycle_id: int, *, label, starts_on, ends_on) -> None:
    require_manage(con, actor, "cycles")
    with db.transaction(con):
        before = get_cycle(con, cycle_id)
        clean = _clean(con, label, starts_on, ends_on, cycle_id=cycle_id)
        con.execute(db.sql("cycles/update_cycle"), [clean["label"], clean["starts_on"], clean["ends_on"], cycle_id])
        changelog.record(con, actor.id, "cycle", cycle_id, "update", before, clean)


def milestones(con, cycle_id: int):
    """The cycle's calendar (DataFrame, by date)."""
    return db.frame(con, "cycles/list_milestones", [cycle_id])


def upcoming(con, cycle_id: int, *, today: dt.date | None = None, limit: int = 4) -> list[dict]:
    return db.rows(con, "cycles/upcoming_milestones", [cycle_id, today or clock.today(), limit])


def save_calendar(con, actor: Person, cycle_id: int, entries: list[dict]) -> None:
    """Replace the cycle's calendar with ``entries`` (title, kind, due_on), all or nothing.

    Every date must fall inside the cycle."""
    require_manage(con, actor, "cycles")
    cycle = get_cycle(con, cycle_id)
    clean = []
    for n, entry in enumerate(entries, start=1):
        title = validate.text(f"Calendar row {n}: title", entry.get("title"), required=True, limit=validate.SHORT)
        kind = validate.choice(f"Calendar row {n}: kind", entry.get("kind") or "other", MILESTONE_KINDS)
        due = validate.date(f"Calendar row {n}: date", entry.get("due_on"))
        if not cycle["starts_on"] <= due <= cycle["ends_on"]:
            raise ValidationError(
                f"Calendar row {n}: date",
                f"{due:%d/%m/%Y} is outside the cycle ({cycle['starts_on']:%d/%m/%Y}–{cycle['ends_on']:%d/%m/%Y}).",
            )
        clean.append({"title": title, "kind": kind, "due_on": due})
    with db.transaction(con):
        before = db.rows(con, "cycles/list_milestones", [cycle_id])
        con.execute(db.sql("cycles/delete_milestones"), [cycle_id])
        for entry in clean:
            con.execute(db.sql("cycles/insert_milestone"), [cycle_id, entry["title"], entry["kind"], entry["due_on"]])
        changelog.record(con, actor.id, "calendar", cycle_id, "replace", {"milestones": before}, {"milestones": clean})

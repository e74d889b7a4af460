"""The append-only change log: who changed what, when, with before and after as JSON."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from . import clock, db
from .permissions import Action, require


def _default(value: Any):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


def to_json(value: dict | None) -> str | None:
    return None if value is None else json.dumps(value, default=_default, ensure_ascii=False)


def record(con, actor_id: int | None, entity: str, entity_id, action: str,
           before: dict | None = None, after: dict | None = None) -> None:
    """Append one entry. Call inside the write's own transaction so both land or neither."""
    con.execute(
        db.sql("changelog/insert_change"),
        [clock.now(), actor_id, entity, str(entity_id), action, to_json(before), to_json(after)],
    )


def record_many(con, actor_id: int | None, entity: str, action: str, changes: list[tuple]) -> None:
    """Append one entry per ``(entity_id, before, after)`` in a single statement, for a bulk write
    (an import of thousands). Call inside the write's own transaction."""
    if changes:
        con.execute(db.sql("changelog/insert_changes"), {
            "changed_at": clock.now(), "actor_id": actor_id, "entity": entity, "action": action,
            "entity_ids": [str(c[0]) for c in changes], "befores": [to_json(c[1]) for c in changes],
            "afters": [to_json(c[2]) for c in changes]})


def history(con, actor, entity: str, entity_id) -> list[dict]:
    """Entries for one thing, oldest first, with before/after decoded (administrators)."""
    require(con, actor, Action.READ_CHANGE_LOG)
    out = db.rows(con, "changelog/list_for_entity", [entity, str(entity_id)])
    for row in out:
        row["before"] = json.loads(row["before"]) if row["before"] else None
        row["after"] = json.loads(row["after"]) if row["after"] else None
    return out


def recent(con, actor, limit: int = 200, *, who: int | None = None, entity: str | None = None,
           since: dt.date | None = None, until: dt.date | None = None):
    """The latest entries, newest first (a DataFrame; administrators): when, who (a plain name),
    what (the kind of record, in words), which, action, and the changes as "field: before →
    after". Filters: one person's changes, one kind of record, between two dates (inclusive)."""
    require(con, actor, Action.READ_CHANGE_LOG)
    frame = db.frame(con, "changelog/list_recent", {
        "limit": limit, "actor_id": who, "entity": entity,
        "since": since, "until": until + dt.timedelta(days=1) if until else None})
    frame["what"] = [entity_label(e) for e in frame["entity"]]
    frame["changes"] = [describe(b, a) for b, a in zip(frame["before"], frame["after"])]
    return frame[["changed_at", "who", "what", "entity_id", "action", "changes", "actor_id", "entity"]]


def entities(con, actor) -> list[str]:
    """The kinds of record the log holds (for its filter)."""
    require(con, actor, Action.READ_CHANGE_LOG)
    return [r["entity"] for r in db.rows(con, "changelog/list_entities")]


def entity_label(entity: str) -> str:
    """A kind of record in words: "clinic_booking" -> "Clinic booking"."""
    return entity.replace("_", " ").capitalize()


def _shown(value, limit: int = 80) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:  # ISO dates and times read as UK dates
            parsed = dt.datetime.fromisoformat(value)
            return parsed.strftime("%d/%m/%Y %H:%M") if "T" in value else parsed.strftime("%d/%m/%Y")
        except ValueError:
            pass
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(before: str | None, after: str | None) -> str:
    """Before and after of one entry as "field: before → after; ..." (new records list their
    values, deleted ones what they held)."""
    old = json.loads(before) if isinstance(before, str) and before else {}  # missing reads as NaN
    new = json.loads(after) if isinstance(after, str) and after else {}
    parts = []
    for key in dict.fromkeys([*old, *new]):
        label = key.replace("_", " ")
        if key in old and key in new:
            parts.append(f"{label}: {_shown(old[key])} → {_shown(new[key])}")
        elif key in new:
            parts.append(f"{label}: {_shown(new[key])}")
        else:
            parts.append(f"{label} was {_shown(old[key])}")
    return "; ".join(parts)

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


def recent(con, actor, limit: int = 200):
    """The latest entries with the actor's name, newest first (a DataFrame; administrators)."""
    require(con, actor, Action.READ_CHANGE_LOG)
    return db.frame(con, "changelog/list_recent", [limit])

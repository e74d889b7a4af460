"""Retention: a cycle's personal data is deleted a set number of years after the cycle ends.

What counts as personal data here (DESIGN §7; BERA guidelines; UK GDPR storage limitation):
the raw material about pupils, parents and staff that an enquiry collected, as opposed to what
the team made of it. When a cycle's period has passed, an administrator previews and confirms,
and in one transaction:

- every **pupil data set** of the cycle is deleted: its rows (in ``dataset_rows``) and its
  record, including data sets already removed from view (soft-deleted);
- every **evidence attachment** (photos, recordings, scans of work, documents) is deleted;
- from every evidence item, the **quotes**, the **notes** (raw field notes), **who took part**
  (participants) and, for items marked as holding personal or special-category data, the
  **summary** are emptied;
- the change log's copies of those fields (the before/after of those items, the attachments'
  and data sets' file names) are replaced by "removed under retention": the one change ever made
  to the log, because a copy kept there would defeat the deletion.

Kept: the enquiry, its question history, evidence items' titles, kinds, voices, dates, tags and
(non-sensitive) summaries, findings, critique, meetings, clinics, actions and write-ups: the
anonymised account of the research that later years learn from. Staff accounts are people who
use the workbench, managed under People and roles, not by a cycle's retention.

The change log gets one entry saying which cycle, and what kind and how many of each were
deleted, never the deleted content.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from .store import changelog, clock, db, search
from .store.actors import Person
from .store.errors import NotFound, PermissionDenied, ValidationError
from .store.formatting import uk_date
from .store.permissions import Action, require

MAX_YEARS = 50
REMOVED = "removed under retention"
# The fields of each kind of record whose copies in the change log are removed.
_LOGGED_FIELDS = {"evidence": ("quotes", "notes", "participants", "files"), "attachment": ("filename",),
                  "dataset": ("filename", "name")}


@dataclass
class RetentionPreview:
    cycle: dict
    due_on: dt.date | None  # None: no period set
    datasets: list[dict]
    attachments: list[dict]
    evidence: list[dict]  # items whose raw personal text would be emptied

    @property
    def due(self) -> bool:
        return self.due_on is not None and self.due_on <= clock.today()

    def counts(self) -> dict[str, int]:
        """What kind and how many would be deleted (what the change log records)."""
        return {
            "pupil data sets": len(self.datasets),
            "data set rows": sum(int(d["n_rows"]) for d in self.datasets),
            "attachments": len(self.attachments),
            "evidence items with personal text": len(self.evidence),
            "quotes": sum(int(e["quotes"]) for e in self.evidence),
            "notes": sum(bool(e["has_notes"]) for e in self.evidence),
            "participant descriptions": sum(bool(e["has_participants"]) for e in self.evidence),
            "sensitive summaries": sum(bool(e["has_sensitive_summary"]) for e in self.evidence),
        }

    @property
    def empty(self) -> bool:
        return not (self.datasets or self.attachments or self.evidence)


def _cycle(con, cycle_id: int) -> dict:
    found = db.one(con, "retention/get_cycle", [cycle_id])
    if found is None:
        raise NotFound(f"No cycle with id {cycle_id}.")
    return found


def due_on(cycle: dict) -> dt.date | None:
    """The day a cycle's personal data may be deleted: its end date plus the period (29 February
    falls back to 28 February), or None when no period is set."""
    years = cycle.get("retention_years")
    if years is None:
        return None
    end = cycle["ends_on"]
    try:
        return end.replace(year=end.year + int(years))
    except ValueError:
        return end.replace(year=end.year + int(years), day=28)


def list_settings(con, actor: Person) -> list[dict]:
    """Every cycle with its period, the day it falls due and when it was applied (administrators)."""
    require(con, actor, Action.APPLY_RETENTION)
    return [{**c, "due_on": due_on(c)} for c in db.rows(con, "retention/list_cycles")]


def set_period(con, actor: Person, cycle_id: int, years: int | None) -> None:
    """Keep the cycle's personal data for ``years`` after it ends (None: until a period is set)."""
    require(con, actor, Action.APPLY_RETENTION)
    cycle = _cycle(con, cycle_id)
    if years is not None:
        try:
            years = int(years)
        except (TypeError, ValueError):
            raise ValidationError("Years", "must be a whole number of years, such as 3.") from None
        if not 1 <= years <= MAX_YEARS:
            raise ValidationError("Years", f"must be between 1 and {MAX_YEARS} years after the cycle ends.")
    with db.transaction(con):
        con.execute(db.sql("retention/set_years"), [years, cycle_id])
        changelog.record(con, actor.id, "cycle", cycle_id, "set retention",
                         {"retention_years": cycle["retention_years"]}, {"retention_years": years})


def preview(con, actor: Person, cycle_id: int) -> RetentionPreview:
    """Exactly what applying the cycle's retention would delete (nothing is changed)."""
    require(con, actor, Action.APPLY_RETENTION)
    cycle = _cycle(con, cycle_id)
    return RetentionPreview(cycle, due_on(cycle), db.rows(con, "retention/datasets", [cycle_id]),
                            db.rows(con, "retention/attachments", [cycle_id]),
                            db.rows(con, "retention/evidence_to_clear", [cycle_id]))


def apply(con, actor: Person, cycle_id: int) -> dict[str, int]:
    """Delete the cycle's personal data (see the module's description) in one transaction, once its
    period has passed. Returns, and logs, what kind and how many were deleted."""
    require(con, actor, Action.APPLY_RETENTION)
    with db.transaction(con):
        plan = preview(con, actor, cycle_id)
        label = plan.cycle["label"]
        if plan.due_on is None:
            raise PermissionDenied(f"{label} has no retention period yet; set one before deleting anything.")
        if not plan.due:
            raise PermissionDenied(f"{label}'s personal data is kept until {uk_date(plan.due_on)}; nothing was "
                                   "deleted.")
        counts = plan.counts()
        dataset_ids = [int(d["id"]) for d in plan.datasets]
        attachment_ids = [int(a["id"]) for a in plan.attachments]
        evidence_ids = [int(e["id"]) for e in plan.evidence]
        _redact_log(con, evidence_ids, attachment_ids, dataset_ids,
                    sensitive={int(e["id"]) for e in plan.evidence if e["has_sensitive_summary"]})
        con.execute(db.sql("retention/delete_dataset_rows"), [dataset_ids])
        con.execute(db.sql("retention/delete_datasets"), [dataset_ids])
        con.execute(db.sql("retention/delete_attachments"), [attachment_ids])
        con.execute(db.sql("retention/clear_evidence"), [evidence_ids])
        for evidence_id in evidence_ids:
            search.index_evidence(con, evidence_id)  # the search document held the quotes and notes too
        con.execute(db.sql("retention/mark_applied"), [clock.now(), cycle_id])
        changelog.record(con, actor.id, "cycle", cycle_id, "apply retention", None,
                         {"cycle": label, "retention_years": plan.cycle["retention_years"], "deleted": counts})
    return counts


def _redact_log(con, evidence_ids, attachment_ids, dataset_ids, *, sensitive: set[int]) -> None:
    entries = db.rows(con, "retention/log_entries", [[str(i) for i in evidence_ids], [str(i) for i in attachment_ids],
                                                     [str(i) for i in dataset_ids]])
    for entry in entries:
        fields = _LOGGED_FIELDS[entry["entity"]]
        changed = False
        values = []
        for raw in (entry["before"], entry["after"]):
            value = json.loads(raw) if raw else None
            if isinstance(value, dict):
                sensitive_item = entry["entity"] == "evidence" and int(entry["entity_id"]) in sensitive
                keys = [*fields, "summary"] if sensitive_item else fields
                for key in keys:
                    if key in value and value[key] not in ("", [], None):
                        value[key] = REMOVED
                        changed = True
            values.append(changelog.to_json(value))
        if changed:
            con.execute(db.sql("retention/redact_log_entry"), [*values, entry["id"]])


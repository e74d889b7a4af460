"""The evidence log: items about the team's own practice and from wider research, with
attachments (files, photos, audio) kept in the store, codebook tags, soft delete and restore.

Adding an item from a phone must be quick, so only title, kind, origin and date are required;
everything else can be filled in later.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .enquiries import team_of
from .lib.privacy import text_warnings
from .lib.uploads import MAX_ATTACHMENT_BYTES, check_attachment
from .store import changelog, clock, db, search, validate
from .store.actors import Person
from .store.errors import NotFound, ValidationError
from .store.permissions import Action, require
from .store.vocab import CONSENT, EVIDENCE_KINDS, ORIGINS, SENSITIVITY, VOICES

QUOTE_LIMIT = 2000  # characters in one quote
MAX_QUOTES = 200  # quotes in one item
MAX_TAGS = 50  # codebook tags on one item
MAX_FILES = 20  # files added at once

FIELDS = ("title", "kind", "origin", "voices", "participants", "participant_count", "collected_on",
          "collected_by", "summary", "notes", "quotes", "consent", "sensitivity")


def _clean(con, values: dict) -> dict:
    count = values.get("participant_count")
    collected_by = values.get("collected_by")
    clean = {
        "title": validate.text("Title", values.get("title"), required=True, limit=validate.SHORT),
        "kind": validate.choice("Kind of evidence", values.get("kind"), EVIDENCE_KINDS),
        "origin": validate.choice("Origin", values.get("origin"), ORIGINS),
        "voices": validate.choices("Voices", values.get("voices"), VOICES),
        "participants": validate.text("Participants", values.get("participants"), limit=validate.SHORT),
        "participant_count": None if count in (None, "") else validate.whole_number("Number of participants", count, maximum=100_000),
        "collected_on": validate.date("Collected on", values.get("collected_on") or clock.today()),
        "collected_by": None if collected_by in (None, "") else int(collected_by),
        "summary": validate.text("Summary", values.get("summary")),
        "notes": validate.text("Notes", values.get("notes"), limit=20_000),
        "quotes": [validate.text(f"Quote {n}", q, limit=QUOTE_LIMIT) for n, q in enumerate(validate.count(
            "Quotes", [q for q in values.get("quotes") or [] if q and str(q).strip()], limit=MAX_QUOTES, each="quote"), 1)],
        "consent": validate.choice("Consent", values.get("consent") or "not needed", CONSENT),
        "sensitivity": validate.choice("Sensitivity", values.get("sensitivity") or "none", SENSITIVITY),
    }
    clean["quotes"] = [q for q in clean["quotes"] if q]
    if clean["collected_on"] > clock.today() + dt.timedelta(days=1):
        raise ValidationError("Collected on", "is in the future; use the date the evidence was collected.")
    return clean


def privacy_warnings(values: dict) -> list[str]:
    """What in an item's free text looks like a pupil's full name, date of birth or UPN, as
    messages to show BEFORE saving (pupils are never named, DESIGN §7). A check, not a rule: the
    page asks the writer to edit the text or save anyway. Quotes in an item that records pupils'
    voices are taken to be about pupils, so a full name in them is flagged without a pupil word."""
    pupils = "pupils" in (values.get("voices") or [])
    fields = [("Title", values.get("title")), ("Participants", values.get("participants")),
              ("Summary", values.get("summary")), ("Notes", values.get("notes"))]
    fields += [(f"Quote {n}", q) for n, q in enumerate(values.get("quotes") or [], 1)]
    return [w for field, text in fields if isinstance(text, str)
            for w in text_warnings(field, text, about_pupils=pupils and field.startswith("Quote"))]


def _checked_files(files) -> list[tuple[str, str, bytes]]:
    return [check_attachment(name, data) for name, data in validate.count("Files", files, limit=MAX_FILES, each="file")]


def add_evidence(con, actor: Person, enquiry_id: int, values: dict, *, tag_ids=(), files=(), when=None) -> int:
    """Add an item to the enquiry's log, with its files ``[(filename, bytes), ...]``, all in one
    transaction: if any file is refused, nothing is stored. Returns the item's id."""
    team_id = team_of(con, enquiry_id)
    require(con, actor, Action.EDIT_ENQUIRY, team_id=team_id)
    clean = _clean(con, values)
    tag_ids = validate.count("Tags", tag_ids, limit=MAX_TAGS, each="tag")
    checked = _checked_files(files)
    when = when or clock.now()
    with db.transaction(con):
        evidence_id = db.scalar(con, "evidence/insert_evidence", [enquiry_id, *(clean[f] for f in FIELDS), actor.id, when, when])
        _set_tags(con, evidence_id, tag_ids)
        for name, mime, data in checked:
            _store_file(con, actor, evidence_id, name, mime, data)
        search.index_evidence(con, evidence_id)
        changelog.record(con, actor.id, "evidence", evidence_id, "create", None,
                         {**clean, "tag_ids": sorted(tag_ids), "files": [c[0] for c in checked]})
    return evidence_id


def update_evidence(con, actor: Person, evidence_id: int, values: dict, *, tag_ids=None, files=()) -> None:
    """Change an item's fields (those not given keep their value); ``tag_ids`` replaces the tags;
    ``files`` are attached. All in one transaction: a refused file leaves the item unchanged."""
    before = get_evidence(con, actor, evidence_id, include_deleted=False)
    require(con, actor, Action.EDIT_ENQUIRY, team_id=before["team_id"])
    clean = _clean(con, {**{f: before[f] for f in FIELDS}, **values})
    tag_ids = None if tag_ids is None else validate.count("Tags", tag_ids, limit=MAX_TAGS, each="tag")
    checked = _checked_files(files)
    with db.transaction(con):
        for name, mime, data in checked:
            _store_file(con, actor, evidence_id, name, mime, data)
        con.execute(db.sql("evidence/update_evidence"), [*(clean[f] for f in FIELDS), clock.now(), evidence_id])
        if tag_ids is not None:
            _set_tags(con, evidence_id, tag_ids)
        search.index_evidence(con, evidence_id)
        changed = {f: clean[f] for f in FIELDS if clean[f] != before[f]}
        if tag_ids is not None and sorted(tag_ids) != sorted(before["tag_ids"]):
            changed["tag_ids"] = sorted(tag_ids)
        changelog.record(con, actor.id, "evidence", evidence_id, "update",
                         {k: before.get(k) for k in changed}, changed)


def delete_evidence(con, actor: Person, evidence_id: int) -> None:
    """Soft delete: the item leaves the log, searches and findings' support, and can be restored."""
    item = get_evidence(con, actor, evidence_id, include_deleted=False)
    require(con, actor, Action.EDIT_ENQUIRY, team_id=item["team_id"])
    with db.transaction(con):
        con.execute(db.sql("evidence/soft_delete_evidence"), [clock.now(), actor.id, evidence_id])
        search.unindex(con, "evidence", evidence_id)
        changelog.record(con, actor.id, "evidence", evidence_id, "delete", {"deleted_at": None}, {"deleted": True})


def restore_evidence(con, actor: Person, evidence_id: int) -> None:
    item = get_evidence(con, actor, evidence_id, include_deleted=True)
    require(con, actor, Action.EDIT_ENQUIRY, team_id=item["team_id"])
    if item["deleted_at"] is None:
        raise ValidationError("Evidence", "is not deleted, so there is nothing to restore.")
    with db.transaction(con):
        con.execute(db.sql("evidence/restore_evidence"), [evidence_id])
        search.index_evidence(con, evidence_id)
        changelog.record(con, actor.id, "evidence", evidence_id, "restore", {"deleted_at": item["deleted_at"]}, {"deleted": False})


def get_evidence(con, actor: Person, evidence_id: int, *, include_deleted: bool = False) -> dict:
    row = db.one(con, "evidence/get_evidence", [evidence_id])
    if row is None or (row["deleted_at"] is not None and not include_deleted):
        raise NotFound(f"No evidence item with id {evidence_id} (it may have been deleted).")
    require(con, actor, Action.READ_EVIDENCE, team_id=row["team_id"])
    row["voices"] = list(row["voices"] or [])
    row["quotes"] = list(row["quotes"] or [])
    row["tag_ids"] = list(row["tag_ids"] or [])
    row["tags"] = list(row["tags"] or [])
    return row


def list_evidence(con, actor: Person, enquiry_id: int, *, kinds=(), origins=(), voices=(), tag_ids=(),
                  date_from: dt.date | None = None, date_to: dt.date | None = None, collected_by=None,
                  deleted: bool = False) -> pd.DataFrame:
    """The enquiry's evidence log, newest first, filtered (empty filters match everything).

    ``deleted=True`` lists the deleted items instead, so they can be restored."""
    require(con, actor, Action.READ_EVIDENCE, team_id=team_of(con, enquiry_id))
    return db.frame(con, "evidence/list_evidence", {
        "enquiry_id": enquiry_id, "kinds": list(kinds), "origins": list(origins), "voices": list(voices),
        "tag_ids": [int(t) for t in tag_ids], "date_from": date_from, "date_to": date_to,
        "collected_by": collected_by, "deleted": deleted,
    })


def _set_tags(con, evidence_id: int, tag_ids) -> None:
    tag_ids = sorted({int(t) for t in tag_ids})
    if tag_ids:
        found = {r["id"] for r in db.rows(con, "evidence/tags_by_id", [tag_ids])}
        missing = set(tag_ids) - found
        if missing:
            raise ValidationError("Tags", "one of the tags no longer exists; choose from the codebook list.")
    con.execute(db.sql("evidence/delete_evidence_tags"), [evidence_id])
    for tag_id in tag_ids:
        con.execute(db.sql("evidence/insert_evidence_tag"), [evidence_id, tag_id])


def _store_file(con, actor: Person, evidence_id: int, name: str, mime: str, data: bytes) -> int:
    attachment_id = db.scalar(con, "evidence/insert_attachment", [evidence_id, name, mime, len(data), data, actor.id, clock.now()])
    changelog.record(con, actor.id, "attachment", attachment_id, "create", None,
                     {"evidence_id": evidence_id, "filename": name, "mime_type": mime, "size_bytes": len(data)})
    return attachment_id


def add_attachment(con, actor: Person, evidence_id: int, filename: str, data: bytes, *,
                   max_bytes: int = MAX_ATTACHMENT_BYTES) -> int:
    """Keep a file with an evidence item (in the store, so one file is the whole backup). Its
    content must match its extension; an image must decode and is stored without its metadata."""
    item = get_evidence(con, actor, evidence_id)
    require(con, actor, Action.EDIT_ENQUIRY, team_id=item["team_id"])
    name, mime, data = check_attachment(filename, data, max_bytes)
    with db.transaction(con):
        return _store_file(con, actor, evidence_id, name, mime, data)


def attachments(con, actor: Person, evidence_id: int) -> list[dict]:
    """The item's files (without their content)."""
    get_evidence(con, actor, evidence_id)
    return db.rows(con, "evidence/list_attachments", [evidence_id])


def attachment_content(con, actor: Person, attachment_id: int) -> tuple[str, str, bytes]:
    """(filename, MIME type, bytes) of one file, for download or preview."""
    row = db.one(con, "evidence/get_attachment", [attachment_id])
    if row is None:
        raise NotFound("That file no longer exists.")
    get_evidence(con, actor, row["evidence_id"])
    return row["filename"], row["mime_type"], bytes(row["content"])


def delete_attachment(con, actor: Person, attachment_id: int) -> None:
    row = db.one(con, "evidence/get_attachment", [attachment_id])
    if row is None:
        raise NotFound("That file no longer exists.")
    item = get_evidence(con, actor, row["evidence_id"])
    require(con, actor, Action.EDIT_ENQUIRY, team_id=item["team_id"])
    with db.transaction(con):
        con.execute(db.sql("evidence/soft_delete_attachment"), [clock.now(), attachment_id])
        changelog.record(con, actor.id, "attachment", attachment_id, "delete", {"filename": row["filename"]}, None)

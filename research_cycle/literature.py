"""The enquiry's literature library: references added by hand or imported from RIS and BibTeX
(what Zotero, Mendeley and EndNote export), with duplicates detected by DOI or title, key
points and how each bears on the enquiry, and Harvard-style citations for documents."""

from __future__ import annotations

from dataclasses import asdict, fields

import pandas as pd

from .enquiries import team_of
from .lib.references import Reference, find_duplicate, normalise_doi, parse_file
from .store import changelog, clock, db, search, validate
from .store.actors import Person
from .store.errors import NotFound, ValidationError
from .store.permissions import Action, require
from .store.vocab import REFERENCE_KINDS

_TEXT = ("title", "source", "volume", "issue", "pages", "publisher", "place", "url", "key_points", "bearing")


def _reference(row: dict) -> Reference:
    names = {f.name for f in fields(Reference)}
    return Reference(**{k: (list(v) if k == "authors" else v) for k, v in row.items() if k in names})


def references(con, actor: Person, enquiry_id: int) -> list[Reference]:
    require(con, actor, Action.READ_EVIDENCE, team_id=team_of(con, enquiry_id))
    return [_reference(r) for r in db.rows(con, "literature/list_literature", [enquiry_id])]


def library(con, actor: Person, enquiry_id: int) -> pd.DataFrame:
    """The library as a table (id, authors, year, title, source, doi, key points, bearing)."""
    require(con, actor, Action.READ_EVIDENCE, team_id=team_of(con, enquiry_id))
    return db.frame(con, "literature/list_literature", [enquiry_id])


def _clean(ref: Reference) -> Reference:
    limits = {"title": validate.MEDIUM, "key_points": validate.LONG, "bearing": validate.LONG}
    clean = {k: validate.text(k.replace("_", " ").capitalize(), getattr(ref, k), limit=limits.get(k, validate.SHORT))
             for k in _TEXT}
    if not clean["title"]:
        raise ValidationError("Title", "is required. Please give the publication's title.")
    authors = [validate.text("Authors", a, limit=validate.SHORT) for a in ref.authors or []]
    year = ref.year
    if year not in (None, ""):
        year = validate.whole_number("Year", year, minimum=1800, maximum=clock.today().year + 1)
    else:
        year = None
    kind = validate.choice("Kind", ref.kind or "article", REFERENCE_KINDS)
    return Reference(authors=[a for a in authors if a], year=year, doi=normalise_doi(ref.doi or ""), kind=kind, **clean)


def add_reference(con, actor: Person, enquiry_id: int, ref: Reference) -> int:
    """Add one reference. Refuses a duplicate (same DOI, or same title and year) with a message
    naming the one already in the library."""
    require(con, actor, Action.EDIT_ENQUIRY, team_id=team_of(con, enquiry_id))
    clean = _clean(ref)
    with db.transaction(con):
        existing = db.rows(con, "literature/list_literature", [enquiry_id])
        dup = find_duplicate(clean, [_reference(r) for r in existing])
        if dup is not None:
            raise ValidationError("Reference", f"'{dup.title}' ({dup.year or 'n.d.'}) is already in the library; "
                                  "edit that one instead.")
        return _insert(con, actor, enquiry_id, clean)


def _insert(con, actor: Person, enquiry_id: int, ref: Reference) -> int:
    values = asdict(ref)
    literature_id = db.scalar(con, "literature/insert_literature", {
        **values, "enquiry_id": enquiry_id, "created_by": actor.id, "created_at": clock.now()})
    search.index_literature(con, literature_id)
    changelog.record(con, actor.id, "literature", literature_id, "create", None, values)
    return literature_id


def import_file(con, actor: Person, enquiry_id: int, data: bytes, filename: str) -> dict:
    """Import a RIS or BibTeX file, all in one transaction. References already in the library
    are not added again. Returns counts and plain-English notes of what was skipped."""
    require(con, actor, Action.EDIT_ENQUIRY, team_id=team_of(con, enquiry_id))
    parsed = parse_file(data, filename)
    added, already = 0, []
    with db.transaction(con):
        library_refs = [_reference(r) for r in db.rows(con, "literature/list_literature", [enquiry_id])]
        for ref in parsed.references:
            clean = _clean(ref)
            dup = find_duplicate(clean, library_refs)
            if dup is not None:
                already.append(f"'{clean.title}' is already in the library.")
                continue
            _insert(con, actor, enquiry_id, clean)
            library_refs.append(clean)
            added += 1
    return {"added": added, "already": already, "skipped": parsed.skipped, "duplicates": parsed.duplicates}


def update_notes(con, actor: Person, literature_id: int, *, key_points: str, bearing: str) -> None:
    """Record the key points of a reference and how it bears on the enquiry."""
    row = db.one(con, "literature/get_literature", [literature_id])
    if row is None:
        raise NotFound("That reference no longer exists.")
    require(con, actor, Action.EDIT_ENQUIRY, team_id=team_of(con, row["enquiry_id"]))
    clean = {"key_points": validate.text("Key points", key_points), "bearing": validate.text("How it bears on our enquiry", bearing)}
    with db.transaction(con):
        con.execute(db.sql("literature/update_notes"), [clean["key_points"], clean["bearing"], literature_id])
        search.index_literature(con, literature_id)
        changelog.record(con, actor.id, "literature", literature_id, "update",
                         {"key_points": row["key_points"], "bearing": row["bearing"]}, clean)


def delete_reference(con, actor: Person, literature_id: int) -> None:
    row = db.one(con, "literature/get_literature", [literature_id])
    if row is None:
        raise NotFound("That reference no longer exists.")
    require(con, actor, Action.EDIT_ENQUIRY, team_id=team_of(con, row["enquiry_id"]))
    with db.transaction(con):
        con.execute(db.sql("literature/soft_delete_literature"), [clock.now(), literature_id])
        search.unindex(con, "literature", literature_id)
        changelog.record(con, actor.id, "literature", literature_id, "delete", {"title": row["title"]}, None)

"""The enquiry's literature library: references added by hand or imported from RIS and BibTeX
files, with possible duplicates (same DOI, or same title, year and first author) shown to the
team to add anyway or skip, key points and how each bears on the enquiry, and the reference list
formatted in the alliance's style (Cite Them Right Harvard, or APA 7)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import pandas as pd

from . import schools
from .enquiries import team_of
from .lib.reference_files import parse_file
from .lib.references import (
    LIMITS,
    FormattedReference,
    PossibleDuplicate,
    Reference,
    format_references,
    normalise_doi,
    sort_key,
    sort_out_duplicates,
    style_name,
)
from .store import changelog, clock, db, search, validate
from .store.actors import Person
from .store.errors import NotFound, ValidationError
from .store.permissions import Action, require
from .store.vocab import REFERENCE_KINDS

_TEXT = ("title", "source", "volume", "issue", "pages", "publisher", "place", "url", "key_points", "bearing", "abstract")
_FIELDS = fields(Reference)
PAGE_SIZE = 100
_LABELS = {"key_points": "Key points", "bearing": "How it bears on our enquiry", "url": "Web address"}


@dataclass
class ImportOutcome:
    """What an import did, for the page to show in full."""
    filename: str
    added: int
    skipped: list[str] = field(default_factory=list)  # every entry not imported, with why and the fix
    possible_duplicates: list[PossibleDuplicate] = field(default_factory=list)  # for the team to add or skip


@dataclass
class LibraryEntry:
    id: int
    formatted: FormattedReference  # .text, .runs (italics, for documents), .citation, .reference


@dataclass
class ReferenceList:
    style: str  # the alliance's CSL style, e.g. 'harvard-cite-them-right'
    style_name: str  # as users know it, e.g. 'Cite Them Right (Harvard)'
    entries: list[LibraryEntry]  # this page of the list
    total: int = 0  # references in the library
    page: int = 0  # which page (from 0) of ``pages``
    pages: int = 1


def _reference(row: dict) -> Reference:
    names = {f.name for f in fields(Reference)}
    return Reference(**{k: (list(v) if k == "authors" else v) for k, v in row.items() if k in names})


def _rows(con, actor: Person, enquiry_id: int) -> list[dict]:
    require(con, actor, Action.READ_EVIDENCE, team_id=team_of(con, enquiry_id))
    return db.rows(con, "literature/list_literature", [enquiry_id])


def references(con, actor: Person, enquiry_id: int) -> list[Reference]:
    return [_reference(r) for r in _rows(con, actor, enquiry_id)]


def library(con, actor: Person, enquiry_id: int) -> pd.DataFrame:
    """The library as a table (id, authors, year, title, source, doi, key points, bearing...)."""
    require(con, actor, Action.READ_EVIDENCE, team_id=team_of(con, enquiry_id))
    return db.frame(con, "literature/list_literature", [enquiry_id])


def reference_list(con, actor: Person, enquiry_id: int, *, page: int = 0) -> ReferenceList:
    """The library formatted in the alliance's reference style, in the style's order: each entry
    with its plain text, its runs (italics, for documents) and its in-text citation.

    A library of more than PAGE_SIZE references (a whole Zotero library imported) comes a page
    at a time, in author, year and title order, each page formatted on its own, since formatting
    takes about 10 ms a reference."""
    rows = _rows(con, actor, enquiry_id)
    style = schools.reference_style(con)
    refs = [_reference(r) for r in rows]
    chosen, pages = list(range(len(refs))), max(1, -(-len(refs) // PAGE_SIZE))
    page = min(max(int(page), 0), pages - 1)
    if pages > 1:
        chosen = sorted(chosen, key=lambda n: sort_key(refs[n]))[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
    formatted = format_references([refs[n] for n in chosen], style)
    entries = [LibraryEntry(int(rows[chosen[f.index]]["id"]), f) for f in formatted]
    return ReferenceList(style, style_name(style), entries, len(refs), page, pages)


def _clean(ref: Reference, *, today) -> Reference:
    """The reference as stored, or ValidationError naming the field and the fix. A web address
    without an access date gets today's: the day the team added it."""
    clean = {k: validate.text(_LABELS.get(k, k.replace("_", " ").capitalize()), getattr(ref, k), limit=LIMITS[k])
             for k in _TEXT}
    if not clean["title"]:
        raise ValidationError("Title", "is required. Please give the publication's title.")
    authors = [validate.text("Authors", a, limit=LIMITS["author"]) for a in ref.authors or []]
    year = ref.year
    if year not in (None, ""):
        year = validate.whole_number("Year", year, minimum=1400, maximum=today.year + 1)
    else:
        year = None
    kind = validate.choice("Kind", ref.kind or "article", REFERENCE_KINDS)
    doi = validate.text("DOI", normalise_doi(ref.doi or ""), limit=LIMITS["doi"])
    accessed = ref.accessed or (today if clean["url"] else None)
    return Reference(authors=[a for a in authors if a], year=year, doi=doi, kind=kind, accessed=accessed, **clean)


def _values(ref: Reference) -> dict:
    """The reference's fields as a dict (dataclasses.asdict deep-copies: slow for thousands)."""
    return {f.name: list(ref.authors) if f.name == "authors" else getattr(ref, f.name) for f in _FIELDS}


def _library_index(con, enquiry_id: int) -> list[tuple[str, Reference]]:
    return [(f"‘{r['title']}’ ({r['year'] or 'n.d.'}), already in the library", _reference(r))
            for r in db.rows(con, "literature/list_literature", [enquiry_id])]


def _insert_many(con, actor: Person, enquiry_id: int, refs: list[Reference]) -> list[int]:
    """Store references in one statement each for rows, search and change log (call inside a
    transaction): an import of thousands takes a fraction of a second."""
    if not refs:
        return []
    ids = [int(r["id"]) for r in db.rows(con, "literature/reserve_ids", [len(refs)])]
    values = [_values(r) for r in refs]
    columns = {name: [v[name] for v in values] for name in values[0]}
    con.execute(db.sql("literature/insert_many"), {**columns, "id": ids, "enquiry_id": enquiry_id,
                                                    "created_by": actor.id, "created_at": clock.now()})
    search.index_literature_many(con, ids)
    changelog.record_many(con, actor.id, "literature", "create", [(i, None, v) for i, v in zip(ids, values)])
    return ids


def add_reference(con, actor: Person, enquiry_id: int, ref: Reference, *, allow_duplicate: bool = False) -> int:
    """Add one reference. One that looks like a reference already in the library (same DOI, or
    same title, year and first author) is refused with a message naming it, unless the team
    says it is a different publication (``allow_duplicate``)."""
    require(con, actor, Action.EDIT_ENQUIRY, team_id=team_of(con, enquiry_id))
    clean = _clean(ref, today=clock.today())
    with db.transaction(con):
        if not allow_duplicate:
            _, possible = sort_out_duplicates([("It", clean)], _library_index(con, enquiry_id))
            if possible:
                raise ValidationError("Reference", f"{possible[0].message[:-1]}. If it is a different publication, "
                                      "tick ‘Add it even if it looks like a duplicate’ and add it again.")
        values = _values(clean)
        literature_id = db.scalar(con, "literature/insert_literature", {
            **values, "enquiry_id": enquiry_id, "created_by": actor.id, "created_at": clock.now()})
        search.index_literature(con, literature_id)
        changelog.record(con, actor.id, "literature", literature_id, "create", None, values)
        return literature_id


def add_references(con, actor: Person, enquiry_id: int, refs: list[Reference]) -> list[int]:
    """Add references the team has confirmed (possible duplicates it chose to add anyway), all in
    one transaction: if one is refused, none is added."""
    require(con, actor, Action.EDIT_ENQUIRY, team_id=team_of(con, enquiry_id))
    today = clock.today()
    clean = [_clean(r, today=today) for r in refs]
    with db.transaction(con):
        return _insert_many(con, actor, enquiry_id, clean)


def import_file(con, actor: Person, enquiry_id: int, data: bytes, filename: str) -> ImportOutcome:
    """Import a RIS or BibTeX file. The file is read and checked before the write starts (so other
    users' saves are never kept waiting by the reading); then, in one short transaction, the
    references that look new are added and the rest are returned for the team to confirm.

    An entry that cannot be read, or has a field beyond the limits, is skipped and named with the
    reason; the others are imported. Raises ValidationError('File', ...) when the file as a whole
    cannot be used (see ``parse_file``)."""
    require(con, actor, Action.EDIT_ENQUIRY, team_id=team_of(con, enquiry_id))
    parsed = parse_file(data, filename)
    today, incoming, skipped = clock.today(), [], list(parsed.skipped)
    for label, ref in zip(parsed.labels, parsed.references):
        try:
            incoming.append((label, _clean(ref, today=today)))
        except ValidationError as exc:
            skipped.append(f"{label} was not imported: {exc.field} {exc.message}")
    with db.transaction(con):
        fresh, possible = sort_out_duplicates(incoming, _library_index(con, enquiry_id))
        ids = _insert_many(con, actor, enquiry_id, [ref for _, ref in fresh])
    return ImportOutcome(filename, len(ids), skipped, possible)


def update_notes(con, actor: Person, literature_id: int, *, key_points: str, bearing: str) -> None:
    """Record the key points of a reference and how it bears on the enquiry."""
    row = db.one(con, "literature/get_literature", [literature_id])
    if row is None:
        raise NotFound("That reference no longer exists.")
    require(con, actor, Action.EDIT_ENQUIRY, team_id=team_of(con, row["enquiry_id"]))
    clean = {"key_points": validate.text("Key points", key_points, limit=LIMITS["key_points"]),
             "bearing": validate.text("How it bears on our enquiry", bearing, limit=LIMITS["bearing"])}
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

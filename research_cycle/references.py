"""Literature references: reading RIS and BibTeX files (what Zotero, Mendeley and EndNote
export), spotting duplicates, and writing Harvard-style citations.

Pure functions: no database, no Streamlit. Parsing never half-succeeds silently: every entry that
is not imported is named in ``ImportResult.skipped`` with the reason.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import bibtexparser
import rispy
from bibtexparser.bparser import BibTexParser
from bibtexparser.customization import convert_to_unicode

from .errors import ValidationError

MAX_BYTES = 5 * 1024 * 1024

RIS_KINDS = {"JOUR": "article", "JFULL": "article", "MGZN": "article", "NEWS": "article", "BOOK": "book",
             "EBOOK": "book", "CHAP": "chapter", "ECHAP": "chapter", "RPRT": "report", "GOVDOC": "report",
             "ELEC": "webpage", "WEB": "webpage", "THES": "thesis"}
BIB_KINDS = {"article": "article", "book": "book", "inbook": "chapter", "incollection": "chapter",
             "techreport": "report", "report": "report", "misc": "other", "online": "webpage",
             "phdthesis": "thesis", "mastersthesis": "thesis"}


@dataclass
class Reference:
    authors: list[str] = field(default_factory=list)  # "Surname, Given" each, or a corporate name
    year: int | None = None
    title: str = ""
    source: str = ""  # journal, book (for a chapter), series or website
    volume: str = ""
    issue: str = ""
    pages: str = ""
    publisher: str = ""
    place: str = ""
    doi: str = ""
    url: str = ""
    kind: str = "article"
    key_points: str = ""
    bearing: str = ""


@dataclass
class ImportResult:
    references: list[Reference]
    skipped: list[str]
    duplicates: list[str]


def normalise_doi(value: str) -> str:
    """Lower-case DOI without 'https://doi.org/' or 'doi:' in front."""
    value = (value or "").strip()
    value = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.I)
    return value.lower()


def title_key(title: str) -> str:
    """A title folded for comparison: accents, case, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKD", title or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def find_duplicate(ref: Reference, existing: Iterable[Reference]) -> Reference | None:
    """The reference in ``existing`` that is the same publication: same DOI, else the same title
    (and the same year when both have one)."""
    doi, key = normalise_doi(ref.doi), title_key(ref.title)
    for other in existing:
        if doi and normalise_doi(other.doi) == doi:
            return other
        if key and title_key(other.title) == key and (ref.year is None or other.year is None or ref.year == other.year):
            return other
    return None


def _year(value) -> int | None:
    found = re.search(r"\b(1[89]\d\d|20\d\d)\b", str(value or ""))
    return int(found.group(1)) if found else None


def _clean(text) -> str:
    return " ".join(str(text or "").replace("{", "").replace("}", "").split())


def _dedupe(refs: list[tuple[str, Reference]]) -> tuple[list[Reference], list[str]]:
    kept: list[Reference] = []
    notes = []
    for label, ref in refs:
        if find_duplicate(ref, kept) is not None:
            notes.append(f"{label} ('{ref.title}') appears twice in the file; it was imported once.")
            continue
        kept.append(ref)
    return kept, notes


def parse_ris(text: str) -> ImportResult:
    """References from RIS text. Entries without a title are skipped and reported."""
    try:
        entries = rispy.loads(text, skip_unknown_tags=True)
    except Exception as exc:  # rispy raises plain IOError/ValueError on malformed files
        raise ValidationError("File", f"could not be read as RIS ({exc}). Export it again from your reference "
                              "manager as RIS, or use BibTeX.") from None
    found, skipped = [], []
    for n, e in enumerate(entries, start=1):
        title = _clean(e.get("title") or e.get("primary_title") or e.get("translated_title"))
        if not title:
            skipped.append(f"Entry {n}: no title, so it was not imported.")
            continue
        authors = [_clean(a) for a in (e.get("authors") or e.get("first_authors") or [])]
        pages = "–".join(p for p in (_clean(e.get("start_page")), _clean(e.get("end_page"))) if p)
        found.append((f"Entry {n}", Reference(
            authors=[a for a in authors if a], year=_year(e.get("year") or e.get("publication_year") or e.get("date")),
            title=title, source=_clean(e.get("journal_name") or e.get("secondary_title") or e.get("alternate_title3")),
            volume=_clean(e.get("volume")), issue=_clean(e.get("number")), pages=pages,
            publisher=_clean(e.get("publisher")), place=_clean(e.get("place_published")),
            doi=normalise_doi(_clean(e.get("doi"))), url=_clean((e.get("urls") or [""])[0]),
            kind=RIS_KINDS.get(e.get("type_of_reference", ""), "other"))))
    refs, duplicates = _dedupe(found)
    return ImportResult(refs, skipped, duplicates)


def _mark_corporate(record: dict) -> dict:
    """Note a braced author ({Education Endowment Foundation}) before accents are converted,
    which removes the braces that say 'one corporate name, do not split'."""
    raw = (record.get("author") or "").strip()
    record["corporate_author"] = "yes" if raw.startswith("{") and raw.endswith("}") and " and " not in raw else ""
    return convert_to_unicode(record)


def _bib_authors(value: str, corporate: bool = False) -> list[str]:
    value = (value or "").strip()
    if corporate:
        return [_clean(value)]
    out = []
    for name in re.split(r"\s+and\s+", value):
        name = _clean(name)
        if not name:
            continue
        if "," not in name and " " in name:  # "Kathryn Kerr" -> "Kerr, Kathryn"
            *given, surname = name.split()
            name = f"{surname}, {' '.join(given)}"
        out.append(name)
    return out


def parse_bibtex(text: str) -> ImportResult:
    """References from BibTeX text, with LaTeX accents turned into letters. A malformed entry
    does not stop the good ones being imported."""
    chunks = [c for c in re.split(r"(?=^\s*@)", text, flags=re.M) if c.strip().startswith("@")]
    found, skipped = [], []
    for n, chunk in enumerate(chunks, start=1):
        parser = BibTexParser(common_strings=True)
        parser.customization = _mark_corporate
        parser.ignore_nonstandard_types = False
        try:
            entries = bibtexparser.loads(chunk, parser=parser).entries
        except Exception:  # the parser raises assorted errors on broken entries
            entries = []
        if not entries:
            skipped.append(f"Entry {n}: could not be read (check its braces and commas), so it was not imported.")
            continue
        e = entries[0]
        title = _clean(e.get("title"))
        if not title:
            skipped.append(f"Entry {n} ({e.get('ID', 'no key')}): no title, so it was not imported.")
            continue
        kind = BIB_KINDS.get(e.get("ENTRYTYPE", ""), "other")
        found.append((f"Entry {n} ({e.get('ID', '')})", Reference(
            authors=_bib_authors(e.get("author") or e.get("editor") or "", e.get("corporate_author") == "yes"), year=_year(e.get("year") or e.get("date")),
            title=title, source=_clean(e.get("journal") or e.get("booktitle") or e.get("series") or e.get("howpublished")),
            volume=_clean(e.get("volume")), issue=_clean(e.get("number")), pages=_clean(e.get("pages")).replace("--", "–"),
            publisher=_clean(e.get("publisher") or e.get("institution") or e.get("school")),
            place=_clean(e.get("address")), doi=normalise_doi(_clean(e.get("doi"))), url=_clean(e.get("url")), kind=kind)))
    refs, duplicates = _dedupe(found)
    return ImportResult(refs, skipped, duplicates)


def parse_file(data: bytes, filename: str) -> ImportResult:
    """Read an uploaded .ris or .bib file (a .txt is recognised by its content)."""
    if not data or not data.strip():
        raise ValidationError("File", "is empty. Export your references again from Zotero, Mendeley or EndNote.")
    if len(data) > MAX_BYTES:
        raise ValidationError("File", f"is larger than {MAX_BYTES // 1048576} MB; export a smaller collection.")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if "\x00" in text:
        raise ValidationError("File", "is not a text file. Export your references as RIS (.ris) or BibTeX (.bib).")
    name = filename.lower()
    is_ris = name.endswith(".ris") or re.search(r"^TY  - ", text, flags=re.M)
    is_bib = name.endswith(".bib") or re.search(r"^\s*@\w+\s*[{(]", text, flags=re.M)
    if is_ris and not name.endswith(".bib"):
        result = parse_ris(text)
    elif is_bib:
        result = parse_bibtex(text)
    else:
        raise ValidationError("File", "is neither RIS nor BibTeX. In Zotero use Export Collection → RIS or BibTeX; "
                              "in Mendeley, Export → RIS or BibTeX; in EndNote, export with the RefMan (RIS) style.")
    if not result.references:
        raise ValidationError("File", "contains no references that could be imported. "
                              + (" ".join(result.skipped[:3]) or "Check that it was exported as RIS or BibTeX."))
    return result


def _initials(given: str) -> str:
    parts = re.split(r"[\s.\-]+", given.strip())
    return "".join(f"{p[0].upper()}." for p in parts if p)


def _author_name(author: str) -> str:
    """'Kerr, Kirstin' -> 'Kerr, K.'; a corporate author is kept as written."""
    if "," not in author:
        return author
    surname, given = (p.strip() for p in author.split(",", 1))
    return f"{surname}, {_initials(given)}" if given else surname


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def harvard_parts(ref: Reference) -> list[tuple[str, bool]]:
    """The Harvard (Cite Them Right) reference as runs of (text, italic), so documents can
    italicise the title or journal. All authors are listed."""
    year = f"({ref.year})" if ref.year else "(n.d.)"
    head = (_join([_author_name(a) for a in ref.authors]) + " " + year + " ") if ref.authors else ""
    title = ref.title.rstrip(".")
    runs: list[tuple[str, bool]] = []
    if ref.kind == "article":
        start = f"{head}'{title}'" if head else f"'{title}' {year}"
        runs.append((start + ", ", False))
        if ref.source:
            runs.append((ref.source, True))
        tail = ""
        if ref.volume:
            tail += f", {ref.volume}" + (f"({ref.issue})" if ref.issue else "")
        if ref.pages:
            tail += f", pp. {ref.pages.replace('-', '–')}"
        runs.append((tail + ".", False))
    elif ref.kind == "chapter":
        runs.append((f"{head}'{title}', in " if head else f"'{title}' {year}, in ", False))
        runs.append((ref.source or "", True))
        runs.append((". ", False))
        runs.append((_place(ref), False))
    else:
        if head:
            runs.append((head, False))
        runs.append((title, True))
        runs.append(((f" {year}" if not head else "") + ". ", False))
        runs.append((_place(ref), False))
    if ref.doi:
        runs.append((f" doi:{ref.doi}", False))
    elif ref.url:
        runs.append((f" Available at: {ref.url}", False))
    return [(text, italic) for text, italic in runs if text]


def _place(ref: Reference) -> str:
    if ref.place and ref.publisher:
        return f"{ref.place}: {ref.publisher}."
    return f"{ref.publisher or ref.place}." if (ref.publisher or ref.place) else ""


def harvard(ref: Reference) -> str:
    """The Harvard reference-list entry as plain text."""
    return " ".join("".join(text for text, _ in harvard_parts(ref)).split())


def in_text(ref: Reference) -> str:
    """'(Kerr and Ainscow, 2017)', '(Smith et al., 2019)', '(Education Endowment Foundation, 2021)'."""
    surnames = [a.split(",")[0].strip() for a in ref.authors]
    if not surnames:
        who = f"'{ref.title}'"
    elif len(surnames) <= 2:
        who = " and ".join(surnames)
    else:
        who = f"{surnames[0]} et al."
    return f"({who}, {ref.year or 'n.d.'})"

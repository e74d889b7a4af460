"""Literature references: reading the RIS and BibTeX files that Zotero, Mendeley and EndNote
export, spotting duplicates, and writing Harvard (Cite Them Right) citations.

Pure functions: no database, no Streamlit. Parsing never half-succeeds silently: every entry
not imported is named in ``ImportResult.skipped`` with the reason and a fix, and every duplicate
merged inside a file is named in ``ImportResult.duplicates``. Text is kept as plain text: HTML or
script in a title is stored as written and never interpreted here, so pages must escape it.

Parsers: ``rispy`` for RIS and ``bibtexparser`` 1.4.x for BibTeX (its long-stable API;
``latex_to_unicode`` is what its ``convert_to_unicode`` customisation applies to each field).

Harvard choices: the reference list names every author (as Cite Them Right does); in-text
citations name one or two authors and use "et al." for three or more; access dates are left out
because we do not store them; a DOI is given in preference to a URL.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from itertools import chain, groupby

import bibtexparser
import rispy
from bibtexparser.bibdatabase import BibDataString, BibDataStringExpression, UndefinedString
from bibtexparser.bparser import BibTexParser
from bibtexparser.customization import splitname
from bibtexparser.latexenc import latex_to_unicode

from ..store.errors import ValidationError

MAX_BYTES = 5 * 1024 * 1024
HOW_TO_EXPORT = ("The Workbench imports RIS (.ris) and BibTeX (.bib) files. In Zotero, right-click the collection "
                 "and choose Export Collection…, then RIS or BibTeX; in Mendeley, select the references and choose "
                 "Export, then RIS or BibTeX; in EndNote, choose File → Export… with the output style ‘RefMan (RIS) "
                 "Export’ (EndNote saves it as .txt, which is fine).")
RIS_KINDS = {"JOUR": "article", "JFULL": "article", "EJOUR": "article", "MGZN": "article", "NEWS": "article",
             "BOOK": "book", "EBOOK": "book", "EDBOOK": "book", "CHAP": "chapter", "ECHAP": "chapter",
             "CPAPER": "chapter", "CONF": "chapter", "RPRT": "report", "GOVDOC": "report", "ELEC": "webpage",
             "WEB": "webpage", "BLOG": "webpage", "THES": "thesis"}
BIB_KINDS = {"article": "article", "book": "book", "booklet": "book", "inbook": "chapter", "incollection": "chapter",
             "inproceedings": "chapter", "conference": "chapter", "techreport": "report", "report": "report",
             "online": "webpage", "electronic": "webpage", "www": "webpage", "phdthesis": "thesis",
             "mastersthesis": "thesis", "thesis": "thesis"}
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_YEAR = re.compile(r"(?<!\d)(1\d{3}|20\d{2})(?!\d)")
_BIB_HEAD = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t]*([^,\s{}()=\"]*)", re.MULTILINE)
_TEX_FORMAT = re.compile(r"\\(?:emph|textit|textbf|textsc|textrm|textsf|texttt|textup|textnormal|mkbibquote|"
                         r"enquote|mbox|hbox|url)\s*(?=\{)")


@dataclass
class Reference:
    authors: list[str] = field(default_factory=list)  # "Surname, Given" each, or a corporate name whole
    year: int | None = None
    title: str = ""
    source: str = ""  # journal; book (for a chapter); publisher or series; website; thesis type
    volume: str = ""
    issue: str = ""
    pages: str = ""
    publisher: str = ""
    place: str = ""
    doi: str = ""  # as normalise_doi gives it
    url: str = ""
    kind: str = "article"  # one of REFERENCE_KINDS
    key_points: str = ""
    bearing: str = ""


@dataclass
class ImportResult:
    references: list[Reference]
    skipped: list[str]  # one sentence per entry not imported: which, why, and the fix
    duplicates: list[str]  # one sentence per duplicate inside the file, and what was done with it


def normalise_doi(value: str) -> str:
    """A DOI as stored and compared: lower-case (DOIs are case-insensitive), without a
    'https://doi.org/' (or dx.doi.org) or 'doi:' prefix, trimmed. Nothing else is changed."""
    value = re.sub(r"^(?:https?://)?(?:dx\.|www\.)?doi\.org/|^doi:\s*", "", (value or "").strip(), flags=re.IGNORECASE)
    return value.strip().lower()


def title_key(title: str) -> str:
    """A title folded for comparison: case, accents, punctuation and spacing are ignored."""
    text = unicodedata.normalize("NFKD", title or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def _same(ref: Reference, other: Reference) -> str:
    """Why ``other`` is the same publication as ``ref`` ('' when it is not)."""
    doi, other_doi = normalise_doi(ref.doi), normalise_doi(other.doi)
    if doi and doi == other_doi:
        return "same DOI"
    if doi and other_doi:
        return ""  # two DOIs are two publications, even under one title (a review, a reprint)
    if title_key(ref.title) and title_key(ref.title) == title_key(other.title):
        if ref.year and other.year:
            return "same title and year" if ref.year == other.year else ""
        return "same title"
    return ""


def find_duplicate(ref: Reference, existing: Iterable[Reference]) -> Reference | None:
    """The first reference in ``existing`` that is the same publication as ``ref``: the same DOI,
    or else the same ``title_key`` and the same year when both have one. References with two
    different DOIs are never duplicates. None when there is no match."""
    return next((other for other in existing if _same(ref, other)), None)


def _year(value) -> int | None:
    found = _YEAR.search(str(value or ""))
    return int(found.group(1)) if found else None


def _text(value) -> str:
    return " ".join(str(" ".join(value) if isinstance(value, list) else value or "").split())


def _pages(start, end="") -> str:
    start, end = _text(start), _text(end)
    if end and end != start:
        start = f"{start}–{end}" if start else end
    return re.sub(r"\s*(?:-{1,3}|–|—)\s*", "–", start)


def _doi_in(*candidates) -> str:
    """The first candidate that is a DOI (bare, 'doi:' or a doi.org link). Other values ('N/A',
    an ISBN) are dropped rather than printed as 'doi:n/a'."""
    return next((d for d in (normalise_doi(_text(c)) for c in candidates) if _DOI.match(d)), "")


def _label(n: int, ref: Reference) -> str:
    if ref.title:
        return f"Entry {n} (‘{ref.title[:60]}’)"
    who = ref.authors[0].split(",")[0] if ref.authors else "no author"
    return f"Entry {n} ({who}, {ref.year or 'n.d.'})"


def _lower(label: str) -> str:
    return label[0].lower() + label[1:]


def _no_title(label: str) -> str:
    return f"{label} has no title, so it was not imported. Add the title in your reference manager and export again."


def _dedupe(found: list[tuple[str, Reference]]) -> tuple[list[Reference], list[str]]:
    """The first copy of each publication, with blanks filled from later copies, and a note per
    copy dropped. Indexed by DOI and title so a large library is not compared pair by pair."""
    kept: list[Reference] = []
    by_doi: dict[str, tuple[str, Reference]] = {}
    by_title: dict[str, list[tuple[str, Reference]]] = {}
    notes = []
    for label, ref in found:
        candidates = ([by_doi[ref.doi]] if ref.doi in by_doi else []) + by_title.get(title_key(ref.title), [])
        match = next(((lab, other, why) for lab, other in candidates if (why := _same(ref, other))), None)
        if match is None:
            kept.append(ref)
            by_title.setdefault(title_key(ref.title), []).append((label, ref))
            if ref.doi:
                by_doi.setdefault(ref.doi, (label, ref))
            continue
        first_label, first, why = match
        filled = [f.name for f in fields(Reference) if not getattr(first, f.name) and getattr(ref, f.name)]
        for name in filled:
            setattr(first, name, getattr(ref, name))
        if first.doi:
            by_doi.setdefault(first.doi, (first_label, first))
        extra = f"; details only it had ({', '.join(filled)}) were added" if filled else ""
        notes.append(f"{label} is the same publication as {_lower(first_label)} ({why}), so it was imported once{extra}.")
    return kept, notes


def _ris_records(text: str) -> list[list[str]]:
    """Each record's lines, from its 'TY  -' line. We split records ourselves because rispy drops
    a last record that has no 'ER' line and merges a record missing its 'ER' into the next."""
    records: list[list[str]] = []
    current: list[str] | None = None
    for line in text.splitlines():
        tag = line[:2] if line[2:5] == "  -" else ""
        if tag == "TY":
            current = [line]
            records.append(current)
        elif tag == "ER":
            current = None
        elif current is not None and line.strip():
            current.append(line)
    return records


def parse_ris(text: str) -> ImportResult:
    """References from RIS text. An entry without a title is skipped and reported; one without a
    year or authors is kept (year None, no authors). Duplicates are merged and reported. Text with
    no 'TY  -' records gives an empty result, which ``parse_file`` turns into an error."""
    found, skipped = [], []
    for n, lines in enumerate(_ris_records(text), start=1):
        try:
            e = rispy.loads("\n".join([*lines, "ER  - "]), skip_unknown_tags=True)[0]
        except Exception:  # noqa: BLE001 - rispy's errors are not one family; one odd record must not stop the rest
            skipped.append(f"Entry {n} could not be read, so it was not imported. Export it again from your "
                           "reference manager.")
            continue
        urls = [u for u in e.get("urls") or [] if u]
        ref = Reference(
            authors=[a for a in map(_text, (e.get("authors") or []) + (e.get("first_authors") or [])) if a],
            year=_year(e.get("year") or e.get("publication_year") or e.get("date")),
            title=_text(e.get("title") or e.get("primary_title")),
            source=_text(e.get("secondary_title") or e.get("alternate_title3") or e.get("journal_name")
                         or e.get("alternate_title2") or e.get("alternate_title1")),  # full names before abbreviations
            volume=_text(e.get("volume")), issue=_text(e.get("number")), pages=_pages(e.get("start_page"), e.get("end_page")),
            publisher=_text(e.get("publisher")), place=_text(e.get("place_published")),
            doi=_doi_in(e.get("doi"), *urls, e.get("type_of_work")), url=next((u for u in urls if not _doi_in(u)), ""),
            kind=RIS_KINDS.get(_text(e.get("type_of_reference")).upper(), "other"))
        if ref.kind == "thesis" and not ref.source:
            ref.source = _text(e.get("type_of_work"))  # 'PhD thesis', as EndNote writes it
        if ref.title:
            found.append((_label(n, ref), ref))
        else:
            skipped.append(_no_title(_label(n, ref)))
    references, duplicates = _dedupe(found)
    return ImportResult(references, skipped, duplicates)


def _tex(value: str) -> str:
    """A LaTeX field as plain Unicode: accents ({\\"o}, \\'{e}, {\\c c}), escapes (\\&), dashes
    and quotes; formatting commands such as \\emph go but their text stays."""
    value = re.sub(r"\\([ij])(?![A-Za-z])", r"\1", _TEX_FORMAT.sub("", value or ""))  # dotless i takes no accent
    value = latex_to_unicode(value).replace("---", "—").replace("--", "–").replace("~", " ")
    return _text(value.replace("``", "“").replace("''", "”"))


def _bare(value: str) -> str:
    """A URL or DOI field: only LaTeX escaping is undone, since accent rules would mangle it."""
    value = re.sub(r"\\url\s*\{(.*)\}", r"\1", value or "")
    return _text(re.sub(r"\\([_%&#$~])", r"\1", value).replace("{", "").replace("}", ""))


def _bib_name(name: str) -> str:
    """One BibTeX name as 'Surname, Given'. A wholly braced name ({Education Endowment
    Foundation}) is a corporate author and is kept whole, as BibTeX itself treats it."""
    name, depth = name.strip(), 0
    for i, c in enumerate(name):
        depth += (c == "{") - (c == "}")
        if depth == 0:
            if i == len(name) - 1 and name.startswith("{"):
                return _tex(name)
            break
    parts = splitname(name, strict_mode=False)
    surname = " ".join(parts.get("von", []) + parts.get("last", []))
    given, jr = " ".join(parts.get("first", [])), " ".join(parts.get("jr", []))
    return ", ".join(_tex(p) for p in (surname, given, jr) if p)  # part by part: the accent tables misfire across commas


def _bib_reason(chunk: str, key: str, error: Exception | None) -> str:
    if not key:
        return "it has no citation key (the name straight after ‘@article{’ or similar)"
    if isinstance(error, UndefinedString):
        return f"it uses the abbreviation {error}, which the file does not define with @string"
    body = re.sub(r"\\[{}]", "", chunk)
    if body.count("{") != body.count("}"):
        return "its curly brackets { } do not pair up"
    return "a comma, ‘=’ or quotation mark seems to be missing"


def _bib_parse(text: str) -> list[dict]:
    """Entries with @string abbreviations expanded here rather than by the parser, which would
    fail the whole file over one undefined abbreviation; such an entry gets an '_error' instead."""
    parser = BibTexParser(common_strings=True, ignore_nonstandard_types=False, interpolate_strings=False)
    database = bibtexparser.loads(text, parser=parser)

    def expand(value, seen: tuple = ()) -> str:
        if not isinstance(value, BibDataStringExpression):
            return value
        for part in value.expr:
            if isinstance(part, BibDataString) and (part.name not in database.strings or part.name in seen):
                raise UndefinedString(part.name)
        return "".join(expand(database.strings[p.name], (*seen, p.name)) if isinstance(p, BibDataString) else p
                       for p in value.expr)

    entries = []
    for e in database.entries:
        try:
            entries.append({name: expand(value) for name, value in e.items()})
        except UndefinedString as exc:
            entries.append({"ENTRYTYPE": e["ENTRYTYPE"], "ID": e["ID"], "_error": exc})
    return entries


def _bib_reference(e: dict) -> Reference:
    kind, how = BIB_KINDS.get(e["ENTRYTYPE"].lower(), "other"), e.get("howpublished", "")
    url = _bare(e.get("url") or (how if "\\url" in how or how.startswith("http") else ""))
    if kind == "other" and url and not (e.get("journal") or e.get("publisher")):
        kind = "webpage"  # Zotero and Mendeley export web pages as @misc with a URL
    source = e.get("journal") or e.get("journaltitle") or e.get("booktitle") or e.get("series") or ""
    if kind == "thesis" and not source:
        source = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}.get(e["ENTRYTYPE"].lower(), e.get("type", ""))
    names = re.split(r"\s+and\s+", e.get("author") or e.get("editor") or "", flags=re.IGNORECASE)
    return Reference(
        authors=[a for a in (_bib_name(n) for n in names if n.strip()) if a], year=_year(e.get("year") or e.get("date")),
        title=_tex(e.get("title", "")), source=_tex(source or ("" if url else how)), volume=_tex(e.get("volume", "")),
        issue=_tex(e.get("number") or e.get("issue") or ""), pages=_pages(_tex(e.get("pages", ""))),
        publisher=_tex(e.get("publisher") or e.get("institution") or e.get("school") or e.get("organization") or ""),
        place=_tex(e.get("address") or e.get("location") or ""), doi=_doi_in(_bare(e.get("doi", "")), url),
        url="" if _doi_in(url) else url, kind=kind)


def parse_bibtex(text: str) -> ImportResult:
    """References from BibTeX or BibLaTeX text, LaTeX accents turned into letters.

    A malformed entry never stops the good ones: entries are parsed together (after the file's
    @string abbreviations), any the parser lost is tried again on its own, and one that still
    fails, or uses an undefined abbreviation, is reported in ``skipped`` with the likely cause.
    Entries sharing a citation key are kept once when they are the same publication, and both
    kept, with a note, when they are not.
    Text with no entries gives an empty result, which ``parse_file`` turns into an error."""
    heads = [(m.start(), m.group(1).lower(), m.group(2)) for m in _BIB_HEAD.finditer(text)]
    chunks = [(kind, key, text[start:end]) for (start, kind, key), end in zip(heads, [s for s, *_ in heads[1:]] + [len(text)])]
    strings = "\n".join(chunk for kind, _, chunk in chunks if kind == "string")
    entries = [(n, *c) for n, c in enumerate((c for c in chunks if c[0] not in ("string", "preamble", "comment")), 1)]
    try:
        parsed = _bib_parse(strings + "\n" + "".join(chunk for *_, chunk in entries))
    except Exception:  # noqa: BLE001 - the parser's errors are not one family; entries are retried one by one
        parsed = []
    pool: dict[tuple[str, str], list[dict]] = {}
    for e in parsed:
        pool.setdefault((e["ENTRYTYPE"].lower(), e["ID"].casefold()), []).append(e)
    outcomes = []
    for n, kind, key, chunk in entries:
        matches, entry, error = pool.get((kind, key.casefold())), None, None
        if matches:
            entry = matches.pop(0)
        elif key:
            try:
                entry = next(iter(_bib_parse(strings + "\n" + chunk)), None)
            except Exception as exc:  # noqa: BLE001 - as above; the likely cause is reported instead
                error = exc
        outcomes.append((n, key, chunk, entry, error))
    # entries our header scan missed (one starting mid-line) are still imported, never dropped
    outcomes += [(len(outcomes) + i, e["ID"], "", e, None) for i, e in enumerate(chain(*pool.values()), 1)]
    found, skipped, notes, keys = [], [], [], {}
    for n, key, chunk, entry, error in outcomes:
        if entry is not None and "_error" in entry:
            entry, error = None, entry["_error"]
        if entry is None:
            skipped.append(f"Entry {n}{f' (key ‘{key}’)' if key else ''} could not be read because "
                           f"{_bib_reason(chunk, key, error)}, so it was not imported. Correct it in your reference "
                           "manager (or a text editor) and import the file again; the other entries were imported.")
            continue
        ref = _bib_reference(entry)
        if not ref.title:
            skipped.append(_no_title(f"Entry {n} (key ‘{key}’)"))
            continue
        label = _label(n, ref)
        first = keys.setdefault(key.casefold(), (label, ref))
        if first[1] is not ref and not _same(ref, first[1]):
            notes.append(f"{label} has the same citation key (‘{key}’) as {_lower(first[0])} but is a different "
                         "publication, so both were imported; give one a new key in your reference manager.")
        found.append((label, ref))
    references, duplicates = _dedupe(found)
    return ImportResult(references, skipped, notes + duplicates)


def _decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def parse_file(data: bytes, filename: str) -> ImportResult:
    """Read an uploaded reference file: .ris, .bib, or .txt (EndNote's RIS export). The format is
    recognised by content, so a renamed file still works; a .bib holding both is read as BibTeX.
    Text is decoded as UTF-8 (with or without a byte-order mark), else Windows-1252.

    Raises ``ValidationError('File', ...)``, saying what is wrong and how to fix it, when the file
    is empty, over 5 MB, of another type (PDF, Word, EndNote's own format), neither RIS nor BibTeX,
    or holds no entry that could be imported. Otherwise the result also lists anything skipped or
    merged, for the page to show."""
    name, data = filename or "the file", data or b""
    extension = name.lower().rpartition(".")[2] if "." in name else ""
    if extension not in ("", "ris", "bib", "bibtex", "txt"):
        raise ValidationError("File", f"‘{name}’ is a .{extension} file, not RIS or BibTeX. {HOW_TO_EXPORT}")
    if len(data) > MAX_BYTES:
        raise ValidationError("File", f"‘{name}’ is {len(data) / 1048576:.1f} MB, over the 5 MB limit. Export a smaller "
                              "collection (a folder or tag at a time) and import each file.")
    # EndNote on Windows can save UTF-16; cp1252 is what older Windows exports are in otherwise
    encodings = ("utf-16",) if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "cp1252")
    text = next((t for t in (_decode(data, e) for e in encodings) if t is not None), None)
    if text is None:
        raise ValidationError("File", f"‘{name}’ could not be read as text. Export it again as UTF-8. {HOW_TO_EXPORT}")
    if not text.strip():
        raise ValidationError("File", f"‘{name}’ is empty. Export your references again and choose the new file. "
                              f"{HOW_TO_EXPORT}")
    if "\x00" in text or data[:4] in (b"%PDF", b"PK\x03\x04"):
        raise ValidationError("File", f"‘{name}’ is not a text file (it may be a PDF or Word document). {HOW_TO_EXPORT}")
    has_ris = re.search(r"^TY  -", text, flags=re.MULTILINE) is not None
    has_bib = _BIB_HEAD.search(text) is not None
    if not (has_ris or has_bib):
        raise ValidationError("File", f"‘{name}’ is neither RIS nor BibTeX. {HOW_TO_EXPORT}")
    result = parse_bibtex(text) if has_bib and (not has_ris or extension.startswith("bib")) else parse_ris(text)
    if not result.references:
        reasons = " ".join(result.skipped[:3]) or "No entries were found."
        raise ValidationError("File", f"‘{name}’ has no references that could be imported. {reasons}")
    return result


def _harvard_name(author: str) -> str:
    """'Kerr, Kirstin' → 'Kerr, K.'; 'Smith, John, Jr.' → 'Smith, J., Jr.'; a corporate author
    (no comma) is kept whole, never split into initials."""
    surname, _, rest = (p.strip() for p in author.partition(","))
    given, _, suffix = (p.strip() for p in rest.partition(","))
    initials = "".join(f"{p[0].upper()}." for p in re.split(r"[\s.\-]+", given) if p)
    return ", ".join(p for p in (surname, initials, suffix) if p)


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _stop(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def harvard_parts(ref: Reference) -> list[tuple[str, bool]]:
    """The Harvard (Cite Them Right) reference-list entry as ``(text, italic)`` runs, so a document
    can italicise a book's or report's title and a journal's or edited book's name (shown *so*):

    - article: Authors (Year) 'Title', *Journal*, Volume(Issue), pp. x–y. doi:10...
    - chapter: Authors (Year) 'Title', in *Book*. Place: Publisher, pp. x–y.
    - book, report, other: Authors (Year) *Title*. Place: Publisher. Available at: URL.
    - thesis: Authors (Year) *Title*. PhD thesis. Institution.
    - webpage: Authors (Year) *Title*. Available at: URL.

    Authors are 'Surname, Initials.' joined by commas and 'and'; corporate authors stay whole.
    Without authors the title leads, then the year; without a year, '(n.d.)'. A report's series
    follows its publisher in brackets. Page ranges take an en dash."""
    year = f"({ref.year})" if ref.year else "(n.d.)"
    names = _and([_harvard_name(a) for a in ref.authors if a.strip()]) if any(a.strip() for a in ref.authors) else ""
    title, kind = " ".join(ref.title.split()), ref.kind
    runs = [(f"{names} {year} ", False)] if names else []
    runs.append((f"'{title}'", False) if kind in ("article", "chapter") else (title, True))
    if not names:
        runs.append((f" {year}", False))
    publisher = ref.publisher or ("" if kind in ("article", "chapter", "thesis", "webpage") else ref.source)
    imprint = ": ".join(p for p in (ref.place, publisher) if p)
    pages = _pages(ref.pages)
    pages = (f"pp. {pages}" if "–" in pages else f"p. {pages}") if pages else ""
    if kind in ("article", "chapter"):
        if ref.source:
            lead = ", " if names else " "
            runs += [(lead + ("in " if kind == "chapter" else ""), False), (ref.source, True)]
        if kind == "article":
            volume = ref.volume + (f"({ref.issue})" if ref.issue else "")
            runs.append(("".join(f", {p}" for p in (volume, pages) if p) + ".", False))
        else:
            after = ", ".join(p for p in (imprint, pages) if p)
            runs.append(("." + (f" {after}." if after else ""), False))
    else:
        rest = {"thesis": [ref.source or "Thesis", ref.publisher],
                "webpage": [],  # Cite Them Right gives a web page's title and URL, not the site's name
                "other": [ref.source if ref.source != publisher else "", imprint]}.get(kind, [imprint])
        if kind == "report" and ref.source and ref.publisher and ref.source != ref.publisher:
            rest = [f"{imprint} ({ref.source})"]  # the report series
        said = " ".join(_stop(p) for p in rest if p)
        if names:
            runs.append((_stop(title)[len(title):] + (f" {said}" if said else ""), False))
        elif said:
            runs.append((f" {said}", False))
    if ref.doi:
        runs.append((f" doi:{ref.doi}", False))
    elif ref.url:
        runs.append((f" Available at: {ref.url}.", False))
    elif not "".join(text for text, _ in runs).endswith((".", "?", "!")):
        runs.append((".", False))  # 'Title (n.d.).' when nothing follows the year
    merged = [("".join(text for text, _ in group), italic) for italic, group in groupby(runs, key=lambda r: r[1])]
    return [(text, italic) for text, italic in merged if text]


def harvard(ref: Reference) -> str:
    """The Harvard reference-list entry as plain text (italics are lost: use ``harvard_parts``
    where they can be shown)."""
    return "".join(text for text, _ in harvard_parts(ref))


def _cite(ref: Reference) -> str:
    surnames = [a.split(",")[0].strip() for a in ref.authors if a.strip()]
    if not surnames:
        who = f"'{ref.title}'" if ref.kind in ("article", "chapter") else ref.title
    else:
        who = " and ".join(surnames) if len(surnames) <= 2 else f"{surnames[0]} et al."
    return f"{who}, {ref.year or 'n.d.'}"


def in_text(refs_or_ref: Reference | Iterable[Reference]) -> str:
    """The in-text citation: '(Kerr and Ainscow, 2017)'; '(Smith et al., 2019)' for three or more
    authors; '(Education Endowment Foundation, 2021)'; '(Kerr, n.d.)' with no year; the title when
    there is no author. Several references are joined by semicolons in the order given:
    '(Kerr and Ainscow, 2017; Greany and Higham, 2018)'. No references gives ''."""
    refs = [refs_or_ref] if isinstance(refs_or_ref, Reference) else list(refs_or_ref)
    return f"({'; '.join(_cite(r) for r in refs)})" if refs else ""

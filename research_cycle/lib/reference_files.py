"""Reading reference files: RIS (Zotero, Mendeley, EndNote, Scopus, Web of Science, EBSCO/CINAHL,
EPPI-Reviewer, Covidence...) with ``rispy`` and BibTeX/BibLaTeX with ``bibtexparser`` 2.

Pure functions on bytes and text. A bad entry never stops the good ones: every entry not read is
named in ``ImportResult.skipped`` with the reason and a fix. Nothing is merged here: duplicates are
for ``references.sort_out_duplicates`` and the user. Long fields are kept as they are (the store
sets the limits, see ``references.LIMITS``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import bibtexparser
import rispy
from bibtexparser import middlewares
from bibtexparser.middlewares.names import InvalidNameError, NameParts, parse_single_name_into_parts
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ParsingFailedBlock
from pylatexenc import latexwalker
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from ..store.errors import ValidationError
from .references import Reference, normalise_doi, spaced_initials

MAX_BYTES = 15 * 1024 * 1024
HOW_TO_EXPORT = ("The Workbench imports RIS (.ris) and BibTeX (.bib) files. In Zotero, right-click the collection "
                 "and choose Export Collection…, then RIS or BibTeX; in Mendeley, select the references and choose "
                 "Export, then RIS or BibTeX; in EndNote, choose File → Export… with the output style ‘RefMan (RIS) "
                 "Export’ (EndNote saves it as .txt, which is fine).")
RIS_KINDS = {"JOUR": "article", "JFULL": "article", "EJOUR": "article", "MGZN": "article", "NEWS": "article",
             "INPR": "article", "BOOK": "book", "EBOOK": "book", "EDBOOK": "book", "CHAP": "chapter",
             "ECHAP": "chapter", "CPAPER": "chapter", "CONF": "chapter", "RPRT": "report", "GOVDOC": "report",
             "ELEC": "webpage", "WEB": "webpage", "BLOG": "webpage", "THES": "thesis"}
BIB_KINDS = {"article": "article", "book": "book", "booklet": "book", "inbook": "chapter", "incollection": "chapter",
             "inproceedings": "chapter", "conference": "chapter", "techreport": "report", "report": "report",
             "online": "webpage", "electronic": "webpage", "www": "webpage", "phdthesis": "thesis",
             "mastersthesis": "thesis", "thesis": "thesis"}
# How thesis types are written in exports, and how a reference list prints them
THESIS_TYPES = {"phdthesis": "PhD thesis", "phd": "PhD thesis", "doctoralthesis": "PhD thesis",
                "doctoraldissertation": "PhD thesis", "phddissertation": "PhD thesis", "dphilthesis": "DPhil thesis",
                "edd": "EdD thesis", "eddthesis": "EdD thesis", "mastersthesis": "Master's thesis",
                "masterthesis": "Master's thesis", "masters": "Master's thesis", "mathesis": "MA thesis",
                "mscthesis": "MSc thesis", "mphilthesis": "MPhil thesis", "thesis": "Thesis"}
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_YEAR = re.compile(r"(?<!\d)(1\d{3}|20\d{2})(?!\d)")
_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_BIB_HEAD = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t]*([^,\s{}()=\"]*)", re.MULTILINE)


@dataclass
class ImportResult:
    references: list[Reference]
    labels: list[str]  # one per reference, to name it in messages: "Entry 3 (‘Title…’)"
    skipped: list[str]  # one sentence per entry not read: which, why, and the fix


def _year(value) -> int | None:
    found = _YEAR.search(str(value or ""))
    return int(found.group(1)) if found else None


def _date(value) -> dt.date | None:
    found = _DATE.search(str(value or ""))
    try:
        return dt.date(*map(int, found.groups())) if found else None
    except ValueError:
        return None


def _text(value) -> str:
    return " ".join(str(" ".join(map(str, value)) if isinstance(value, list) else value or "").split())


def _pages(start, end="") -> str:
    start, end = _text(start), _text(end)
    if end and end != start:
        start = f"{start}–{end}" if start else end
    return re.sub(r"\s*(?:-{1,3}|–|—)\s*", "–", start)


def _doi_in(*candidates) -> str:
    """The first candidate that is a DOI (bare, 'doi:' or a doi.org link). Other values ('N/A',
    an ISBN, an EBSCO permalink) are passed over rather than printed as a DOI."""
    return next((d for d in (normalise_doi(_text(c)) for c in candidates) if _DOI.match(d)), "")


def _thesis_type(value: str) -> str:
    """'phdthesis' -> 'PhD thesis'; a type written out ('Doctoral thesis (EdD)') is kept."""
    text = _text(value)
    return THESIS_TYPES.get(re.sub(r"[^a-z]", "", text.lower()), text)


def _name(author: str) -> str:
    """'Cerda, IA' (Web of Science) -> 'Cerda, I. A.'; other names as written."""
    surname, comma, given = (p.strip() for p in _text(author).partition(","))
    return f"{surname}, {spaced_initials(given)}" if comma and given else _text(author)


def _label(n: int, ref: Reference, key: str = "") -> str:
    if ref.title:
        title = ref.title if len(ref.title) <= 60 else ref.title[:59] + "…"
        return f"Entry {n} (‘{title}’)"
    who = ref.authors[0].split(",")[0] if ref.authors else "no author"
    return f"Entry {n} ({f'key ‘{key}’, ' if key else ''}{who}, {ref.year or 'n.d.'})"


def _no_title(label: str) -> str:
    return f"{label} has no title, so it was not imported. Add the title in your reference manager and export again."


# --- RIS --------------------------------------------------------------------------------------------

_RIS_MAPPING = {**rispy.TAG_KEY_MAPPING, "L3": "related_records"}  # EBSCO/CINAHL put DOIs in L3
_RIS_LISTS = [*rispy.LIST_TYPE_TAGS, "L3", "DO"]


def _ris_records(text: str) -> list[tuple[list[str], list[str]]]:
    """Each record's lines from its 'TY  -' line, and any DOIs written on 'DOI - ' lines (which
    are not RIS tags). We split records ourselves because rispy drops a last record that has no
    'ER' line and merges a record missing its 'ER' into the next."""
    records: list[tuple[list[str], list[str]]] = []
    current: tuple[list[str], list[str]] | None = None
    for line in text.splitlines():
        tag = line[:2] if line[2:5] == "  -" else ""
        if tag == "TY":
            current = ([line], [])
            records.append(current)
        elif tag == "ER":
            current = None
        elif current is not None and (doi := re.match(r"^DOI\s*-\s*(.*)$", line)):
            current[1].append(doi.group(1))
        elif current is not None and line.strip():
            current[0].append(line)
    return records


def _ris_load(lines: list[str]) -> list[dict]:
    return rispy.loads("\n".join(lines), mapping=_RIS_MAPPING, list_tags=_RIS_LISTS, skip_unknown_tags=True)


def _ris_reference(e: dict, extra_dois: list[str]) -> Reference:
    urls = [u for u in e.get("urls") or [] if u]
    titles = [_text(e.get(k)) for k in ("title", "primary_title") if e.get(k)]
    kind = RIS_KINDS.get(_text(e.get("type_of_reference")).upper(), "other")
    source = _text(e.get("secondary_title") or e.get("alternate_title3") or e.get("journal_name")
                   or e.get("alternate_title2") or e.get("alternate_title1"))  # full names before abbreviations
    if kind == "thesis":
        source = _thesis_type(e.get("type_of_work") or source or "thesis")
    ref = Reference(
        authors=[a for a in map(_name, (e.get("authors") or []) + (e.get("first_authors") or [])) if a],
        year=_year(e.get("year") or e.get("publication_year") or e.get("date")),
        title=max(titles, key=len, default=""),  # TI and T1 both given: the one with the subtitle
        source=source, volume=_text(e.get("volume")), issue=_text(e.get("number")),
        pages=_pages(e.get("start_page"), e.get("end_page")), publisher=_text(e.get("publisher")),
        place=_text(e.get("place_published")),
        doi=_doi_in(*(e.get("doi") or []), *extra_dois, *(e.get("related_records") or []), *urls, e.get("type_of_work")),
        url=next((u for u in urls if not _doi_in(u)), ""), kind=kind,
        abstract=_text(e.get("abstract") or e.get("notes_abstract")), accessed=_date(e.get("access_date")))
    return ref


def parse_ris(text: str) -> ImportResult:
    """References from RIS text. An entry without a title is skipped and reported; one without a
    year or authors is kept (year None, no authors). Text with no 'TY  -' records gives an empty
    result, which ``parse_file`` turns into an error."""
    records = _ris_records(text)
    try:  # one call for the whole file; record by record only if that fails
        loaded = _ris_load([line for lines, _ in records for line in [*lines, "ER  - "]])
        assert len(loaded) == len(records)
    except Exception:  # noqa: BLE001 - rispy's errors are not one family; one odd record must not stop the rest
        loaded = []
        for lines, _ in records:
            try:
                loaded.extend(_ris_load([*lines, "ER  - "]) or [None])
            except Exception:  # noqa: BLE001 - as above
                loaded.append(None)
    out = ImportResult([], [], [])
    for n, (e, (_, dois)) in enumerate(zip(loaded, records), start=1):
        if e is None:
            out.skipped.append(f"Entry {n} could not be read, so it was not imported. Export it again from your "
                               "reference manager; the other entries were imported.")
            continue
        ref = _ris_reference(e, dois)
        if ref.title:
            out.references.append(ref)
            out.labels.append(_label(n, ref))
        else:
            out.skipped.append(_no_title(_label(n, ref)))
    return out


# --- BibTeX ------------------------------------------------------------------------------------------

_KEPT = {"author", "editor", "title", "subtitle", "journal", "journaltitle", "booktitle", "series", "volume",
         "number", "issue", "pages", "publisher", "institution", "school", "organization", "address", "location",
         "doi", "url", "howpublished", "year", "date", "type", "abstract", "urldate"}
# Not decoded: links (LaTeX would read '%' in one as a comment) and numbers ('12--30' is tidied later)
_VERBATIM = {"doi", "url", "urldate", "pages", "volume", "number", "issue", "year", "date"}
_LATEX = re.compile(r"[\\{}$~]|--|``|''")


class _KeepFields(middlewares.BlockMiddleware):
    """Drops the fields we do not store (files, keywords, notes...) before the costly decoding."""

    def transform_entry(self, entry, library):
        entry.fields = [f for f in entry.fields if f.key.lower() in _KEPT]
        for f in entry.fields:
            f.key = f.key.lower()
        return entry


class _SplitNames(middlewares.SplitNameParts):
    """bibtexparser's name splitting, but a name it cannot split (a stray comma) is kept whole
    instead of failing the entry."""

    def _transform_field_value(self, names):
        out = []
        for name in names:
            try:
                out.append(parse_single_name_into_parts(name, strict=False))
            except InvalidNameError:
                out.append(NameParts(last=[name]))
        return out


class _LatexToText(LatexNodes2Text):
    """pylatexenc's decoder, reading with one parsing context instead of building one per value."""
    _walker_context = latexwalker.get_default_latex_context_db()

    def latex_to_text(self, latex, **parse_flags):
        return super().latex_to_text(latex, latex_context=self._walker_context, **parse_flags)


def _decoder() -> LatexNodes2Text:
    context = get_default_latex_context_db()
    context.add_context_category("workbench", prepend=True, macros=[
        MacroTextSpec("url", simplify_repl="%s"), MacroTextSpec("TeX", "TeX"), MacroTextSpec("LaTeX", "LaTeX"),
        MacroTextSpec("BibTeX", "BibTeX"), MacroTextSpec("hyphen", "-"), MacroTextSpec("textendash", "–"),
        MacroTextSpec("textemdash", "—")])
    return _LatexToText(latex_context=context, keep_braced_groups=False, math_mode="verbatim")


_LATEX_WORD = re.compile(r"\S*(?:[\\$~]|--|``|'')\S*")


def _unwrap(text: str) -> str:
    """'{Title}' -> 'Title': the braces Zotero and Mendeley put round a whole title (to keep its
    capitals) go, so that only the words with LaTeX in them need decoding."""
    if not (text.startswith("{") and text.endswith("}")):
        return text
    depth = 0
    for i, c in enumerate(text):
        depth += (c == "{") - (c == "}") if (i == 0 or text[i - 1] != "\\") else 0
        if depth == 0:
            return text[1:-1] if i == len(text) - 1 else text
    return text


def _latex_words(text: str) -> list[str]:
    """The text cut at spaces that are outside braces and math, keeping the spaces: each piece
    can be decoded on its own ('{\\em two words}' and '$a + b$' stay whole)."""
    pieces: list[str] = []
    depth, math = 0, False
    for piece in re.split(r"(\s+)", text):
        if (depth or math) and pieces:
            pieces[-1] += piece
        else:
            pieces.append(piece)
        bare = re.sub(r"\\[{}$]", "", piece)
        depth = max(0, depth + bare.count("{") - bare.count("}"))
        math ^= bare.count("$") % 2 == 1
    return pieces


class _DecodeLatex(middlewares.LatexDecodingMiddleware):
    """bibtexparser's LaTeX-to-Unicode decoding (with pylatexenc), not applied to links and
    numbers, and quick: text with no LaTeX is left alone, and the rest is decoded a word at a
    time, each distinct word once, since the decoder takes about a millisecond per title and
    several per abstract, and a library holds thousands."""

    def __init__(self):
        super().__init__(decoder=_decoder())
        self._words: dict[str, str] = {}

    def transform_entry(self, entry, library):
        verbatim = [f for f in entry.fields if f.key in _VERBATIM]
        entry.fields = [f for f in entry.fields if f.key not in _VERBATIM]
        block = super().transform_entry(entry, library)
        for f in entry.fields:  # names split into parts: the parent decodes a single name only
            if isinstance(f.value, list):
                for part in (p for p in f.value if isinstance(p, NameParts)):
                    part.first, part.von, part.last, part.jr = (
                        [self._transform_python_value_string(w)[0] for w in words]
                        for words in (part.first, part.von, part.last, part.jr))
        entry.fields = entry.fields + verbatim
        return block

    def _word(self, word: str) -> str:
        if not _LATEX.search(word):
            return word
        if word not in self._words:
            text = re.sub(r"(?<!\\)%", r"\\%", word)  # a bare '%' is a percentage here, not a comment
            value, error = super()._transform_python_value_string(text)
            self._words[word] = word if error else value
        return self._words[word]

    def _transform_python_value_string(self, python_string: str) -> tuple[str, str]:
        if not _LATEX.search(python_string):
            return python_string, ""
        text = _unwrap(python_string)
        if not re.search(r"[{}$]", text):  # only single words need decoding ('45\\%', 'Garc\\'ia')
            return _LATEX_WORD.sub(lambda m: self._word(m.group()), text), ""
        return "".join(self._word(w) for w in _latex_words(text)), ""


def _parse_stack():
    return [middlewares.ResolveStringReferencesMiddleware(), middlewares.RemoveEnclosingMiddleware(), _KeepFields(),
            middlewares.SeparateCoAuthors(), _SplitNames(), _DecodeLatex()]


def _bib_name(parts: NameParts | str) -> str:
    """'von Last, First, Jr' from bibtexparser's name parts; a wholly braced name ({Education
    Endowment Foundation}) has only a last part and is kept whole, as a corporate author."""
    if isinstance(parts, str):
        return _name(parts)
    surname = _text(parts.von + parts.last)
    given, jr = _text(parts.first), _text(parts.jr)
    return ", ".join(p for p in (surname, spaced_initials(given), jr) if p)


def _undefined(entry: Entry) -> str:
    """Why the entry cannot be used as written: a value left as a bare word is an @string
    abbreviation the file does not define ('' when there is none)."""
    for f in entry.fields:
        if f.enclosing == "no-enclosing" and f.key not in ("month", "year") and not str(f.value).isdigit():
            if "#" in str(f.value):
                return (f"its field ‘{f.key}’ joins text with ‘#’, which the Workbench cannot read; write the text "
                        "out in full")
            return f"it uses the abbreviation ‘{f.value}’, which the file does not define with @string"
    return ""


def _bib_reason(raw: str, key: str) -> str:
    if not key:
        return "it has no citation key (the name straight after ‘@article{’ or similar)"
    body = re.sub(r"\\[{}]", "", raw)
    if body.count("{") != body.count("}"):
        return "its curly brackets { } do not pair up"
    return "a comma, ‘=’ or quotation mark seems to be missing"


def _bib_reference(e: Entry) -> Reference:
    get = {f.key: f.value for f in e.fields}.get
    kind, how = BIB_KINDS.get(e.entry_type.lower(), "other"), _text(get("howpublished", ""))
    url = _text(get("url") or (how if how.startswith("http") else ""))
    if kind == "other" and url and not (get("journal") or get("publisher")):
        kind = "webpage"  # Zotero and Mendeley export web pages as @misc with a URL
    source = _text(get("journal") or get("journaltitle") or get("booktitle") or get("series") or "")
    if kind == "thesis":
        source = _thesis_type(get("type") or e.entry_type)
    names = get("author") or get("editor") or []
    title, subtitle = _text(get("title", "")), _text(get("subtitle", ""))
    return Reference(
        authors=[a for a in map(_bib_name, names if isinstance(names, list) else [names]) if a],
        year=_year(get("year") or get("date")), title=f"{title}: {subtitle}" if title and subtitle else title,
        source=source or ("" if url else how), volume=_text(get("volume", "")),
        issue=_text(get("number") or get("issue") or ""), pages=_pages(get("pages", "")),
        publisher=_text(get("publisher") or get("institution") or get("school") or get("organization") or ""),
        place=_text(get("address") or get("location") or ""), doi=_doi_in(get("doi", ""), url),
        url="" if _doi_in(url) else url, kind=kind, abstract=_text(get("abstract", "")), accessed=_date(get("urldate")))


def parse_bibtex(text: str) -> ImportResult:
    """References from BibTeX or BibLaTeX text, LaTeX turned into Unicode.

    A malformed entry never stops the good ones: one the parser cannot read, or that uses an
    undefined @string abbreviation, is reported in ``skipped`` with the likely cause. Entries
    sharing a citation key are all read (the key is not stored). Text with no entries gives an
    empty result, which ``parse_file`` turns into an error."""
    library = bibtexparser.parse_string(text, parse_stack=_parse_stack())
    strings = "\n".join(s.raw or "" for s in library.strings)
    out, n = ImportResult([], [], []), 0
    for block in library.blocks:
        if isinstance(block, DuplicateBlockKeyBlock):  # read again on its own: the key does not matter here
            again = bibtexparser.parse_string(f"{strings}\n{block.raw or ''}", parse_stack=_parse_stack())
            block = next(iter(again.entries), block)
        if not isinstance(block, (Entry, ParsingFailedBlock)):
            continue
        n += 1
        if isinstance(block, ParsingFailedBlock):
            raw = block.raw or ""
            head = _BIB_HEAD.search(raw)
            if head and head.group(1).lower() in ("comment", "preamble", "string"):
                n -= 1
                continue
            key = head.group(2) if head else ""
            out.skipped.append(f"Entry {n}{f' (key ‘{key}’)' if key else ''} could not be read because "
                               f"{_bib_reason(raw, key)}, so it was not imported. Correct it in your reference "
                               "manager (or a text editor) and import the file again; the other entries were imported.")
            continue
        ref = _bib_reference(block)
        why = _undefined(block) or ("" if ref.title else "no title")
        if why == "no title":
            out.skipped.append(_no_title(f"Entry {n} (key ‘{block.key}’)" if block.key else f"Entry {n}"))
        elif why:
            out.skipped.append(f"Entry {n} (key ‘{block.key}’) could not be read because {why}, so it was not "
                               "imported; the other entries were imported.")
        else:
            out.references.append(ref)
            out.labels.append(_label(n, ref))
    return out


# --- files -------------------------------------------------------------------------------------------

def _decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def parse_file(data: bytes, filename: str) -> ImportResult:
    """Read an uploaded reference file: .ris, .bib, or .txt (EndNote's RIS export). The format is
    recognised by content, so a renamed file still works; a .bib holding both is read as BibTeX.
    Text is decoded as UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark,
    else Windows-1252.

    Raises ``ValidationError('File', ...)``, saying what is wrong and how to fix it, when the file
    is empty, over 15 MB, of another type (PDF, Word, EndNote's own format), neither RIS nor
    BibTeX, or holds no entry that could be imported. Otherwise the result also lists every entry
    skipped, and why, for the page to show."""
    name, data = filename or "the file", data or b""
    extension = name.lower().rpartition(".")[2] if "." in name else ""
    if extension not in ("", "ris", "bib", "bibtex", "txt"):
        raise ValidationError("File", f"‘{name}’ is a .{extension} file, not RIS or BibTeX. {HOW_TO_EXPORT}")
    if len(data) > MAX_BYTES:
        raise ValidationError("File", f"‘{name}’ is {len(data) / 1048576:.1f} MB, over the 15 MB limit. Export a smaller "
                              "collection (a folder or tag at a time) and import each file.")
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

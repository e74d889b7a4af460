"""The .docx builder: re-open what it writes with python-docx and check what Word and screen
readers rely on (heading styles, a contents field, tables, images with alt text, page numbers),
and that LibreOffice converts it to PDF."""

import io
import os
import shutil
import subprocess

import altair as alt
import docx
import pandas as pd
import pytest
from docx.oxml.ns import qn

from research_cycle.lib import documents


def _png() -> bytes:
    chart = alt.Chart(pd.DataFrame({"group": ["A (n=12)", "B (n=9)"], "mean": [41.5, 37.25]}),
                      title="Mean reading by group").mark_bar().encode(x="mean:Q", y="group:N")
    return documents.vega_lite_png(chart.to_dict())


def _sample(png: bytes) -> bytes:
    doc = documents.Document(title="Talk in Year 4", author="Brookside research team")
    doc.title_page("Talk in Year 4", ["Brookside Primary", "2026/27"])
    doc.contents()
    doc.heading("1 Context and focus", 1)
    doc.text_block("Why it mattered here.\nA second line.\n\n- Disadvantaged pupils\n- Boys\n\nLast paragraph.")
    doc.heading("Our evidence", 2)
    doc.table(["Kind", "Items"], [["interview", 3], ["survey", None]], caption="Table 1. Evidence by kind")
    doc.figure(png, alt="Mean reading by group: A (n=12) 41.5; B (n=9) 37.25.", caption="Figure 1. Reading")
    doc.heading("References", 1)
    doc.paragraph([("Smith, J. (2020) ", False), ("Talk for learning", True), (". London: Routledge.", False)])
    return doc.to_bytes()


@pytest.fixture(scope="module")
def png():
    return _png()


def test_a_chart_becomes_a_png(png):
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 2000


def test_headings_use_real_heading_styles(png):
    opened = docx.Document(io.BytesIO(_sample(png)))
    headings = [(p.style.name, p.text) for p in opened.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [("Heading 1", "1 Context and focus"), ("Heading 2", "Our evidence"),
                        ("Heading 1", "References")]
    assert opened.paragraphs[0].style.name == "Title" and opened.paragraphs[0].text == "Talk in Year 4"
    assert opened.core_properties.title == "Talk in Year 4"
    assert opened.core_properties.language == "en-GB"


def test_the_contents_is_a_toc_field_listing_the_headings(png):
    opened = docx.Document(io.BytesIO(_sample(png)))
    instructions = [t.text for t in opened.element.body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith("TOC ") and '\\o "1-2"' in i for i in instructions), instructions
    toc = next(p for p in opened.paragraphs if any("TOC" in (t.text or "") for t in p._p.iter(qn("w:instrText"))))
    assert "1 Context and focus" in toc.text and "Our evidence" in toc.text
    assert opened.settings.element.find(qn("w:updateFields")) is not None


def test_pages_after_the_title_page_are_numbered(png):
    opened = docx.Document(io.BytesIO(_sample(png)))
    assert len(opened.sections) == 2
    footer = opened.sections[1].footer
    assert not footer.is_linked_to_previous
    assert any("PAGE" in (t.text or "") for t in footer._element.iter(qn("w:instrText")))
    assert not any("PAGE" in (t.text or "") for t in opened.sections[0].footer._element.iter(qn("w:instrText")))


def test_tables_have_a_header_row_and_the_values(png):
    opened = docx.Document(io.BytesIO(_sample(png)))
    (table,) = opened.tables
    assert [[c.text for c in r.cells] for r in table.rows] == [["Kind", "Items"], ["interview", "3"], ["survey", ""]]
    assert table.style.name == "Table Grid"
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert "Table 1. Evidence by kind" in [p.text for p in opened.paragraphs]


def test_figures_are_images_with_alt_text(png):
    opened = docx.Document(io.BytesIO(_sample(png)))
    (shape,) = opened.inline_shapes
    assert shape._inline.docPr.get("descr") == "Mean reading by group: A (n=12) 41.5; B (n=9) 37.25."
    images = [p for p in opened.part.package.parts if p.content_type == "image/png"]
    assert len(images) == 1 and images[0].blob == png


def test_text_blocks_keep_paragraphs_bullets_and_italics(png):
    opened = docx.Document(io.BytesIO(_sample(png)))
    texts = [(p.style.name, p.text) for p in opened.paragraphs]
    assert ("Normal", "Why it mattered here.\nA second line.") in texts
    assert ("List Bullet", "Disadvantaged pupils") in texts and ("List Bullet", "Boys") in texts
    reference = next(p for p in opened.paragraphs if p.text.startswith("Smith"))
    assert [(r.text, bool(r.italic)) for r in reference.runs] == [
        ("Smith, J. (2020) ", False), ("Talk for learning", True), (". London: Routledge.", False)]


def test_control_characters_are_removed_and_emoji_and_rtl_kept():
    doc = documents.Document(title="A\x00B")
    doc.heading("Talk\x01 in Year 4 😀 שלום", 1)
    doc.table(["x\x0b"], [["y\x1f"]])
    opened = docx.Document(io.BytesIO(doc.to_bytes()))
    assert [p.text for p in opened.paragraphs if p.style.name == "Heading 1"] == ["Talk in Year 4 😀 שלום"]
    assert opened.tables[0].rows[1].cells[0].text == "y"
    assert documents.clean("a\x00b\ufffec\ud800") == "abc"


def test_long_names_fit_the_document_properties():
    doc = documents.Document(title="T" * 300, author="A" * 400, subject="S" * 256)
    opened = docx.Document(io.BytesIO(doc.to_bytes()))
    assert opened.core_properties.title == "T" * 255 and opened.core_properties.author == "A" * 255


def test_a_heading_of_spaces_still_has_a_name():
    doc = documents.Document()
    doc.heading("   ", 1)
    opened = docx.Document(io.BytesIO(doc.to_bytes()))
    assert [p.text for p in opened.paragraphs if p.style.name == "Heading 1"] == ["Untitled"]


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice is missing: .ci/run installs libreoffice-writer-nogui")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def to_pdf(data: bytes, folder, name: str = "document") -> bytes:
    """Convert .docx bytes to PDF with LibreOffice headless; the PDF's bytes."""
    source = folder / f"{name}.docx"
    source.write_bytes(data)
    profile = folder / "lo-profile"  # a private profile: parallel runs do not share a lock
    subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(source)], check=True, capture_output=True, timeout=180)
    return (folder / f"{name}.pdf").read_bytes()


def test_libreoffice_opens_it_and_converts_it_to_pdf(png, tmp_path):
    pdf = to_pdf(_sample(png), tmp_path)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(tmp_path / "document.pdf"), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "Talk in Year 4" in text and "1 Context and focus" in text and "interview" in text


def test_printed_charts_have_a_set_width_and_no_subtitle_lines():
    spec = {"title": {"text": "Reading", "subtitle": ["g = 0.40 [0.10, 0.70] " * 20]},
            "layer": [{"title": {"text": "x", "subtitle": "long"}, "mark": "bar"}]}
    printed = documents._for_print(spec, 420, subtitles=False)
    assert printed == {"title": {"text": "Reading"}, "layer": [{"title": {"text": "x"}, "mark": "bar"}], "width": 420}
    assert spec["title"]["subtitle"]  # the page's spec is left as it was
    assert documents._for_print(spec, None, subtitles=True) == spec


def test_table_widths_reach_word_and_libreoffice():
    doc = documents.Document()
    doc.table(["Code", "Evidence"], [["E1", "Observation"]], widths_cm=[1.5, 6.0])
    (table,) = docx.Document(io.BytesIO(doc.to_bytes())).tables
    assert [round(c.width.cm, 1) for c in table.columns] == [1.5, 6.0]
    assert [round(c.width.cm, 1) for c in table.rows[1].cells] == [1.5, 6.0]

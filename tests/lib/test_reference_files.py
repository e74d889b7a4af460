"""Reading RIS and BibTeX as reference managers and databases export them (Zotero, Mendeley,
EndNote, Web of Science, EBSCO/CINAHL), with the cases the audit of real files found.

Fixtures are small exports in tests/fixtures/references/. Real publications appear only with
details we are sure of; papers with DOIs are invented and use the 10.5555 test prefix."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from research_cycle.lib import reference_files
from research_cycle.lib.reference_files import ImportResult, parse_bibtex, parse_file, parse_ris
from research_cycle.lib.references import Reference, format_references
from research_cycle.store.errors import ValidationError
from research_cycle.tools import bench

FIXTURES = Path(__file__).parents[1] / "fixtures" / "references"

KERR = Reference(authors=["Kerr, Kirstin", "Ainscow, Mel"], year=2017, title="Equity in Education: Time to stop and think",
                 source="", publisher="University of Manchester", place="Manchester", kind="report")
GREANY = Reference(authors=["Greany, Toby", "Higham, Rob"], year=2018, title="Hierarchy, Markets and Networks",
                   source="", publisher="UCL IOE Press", place="London", kind="book")
EEF_URL = "https://educationendowmentfoundation.org.uk/education-evidence/teaching-learning-toolkit"
SMITH_TITLE = "Talk for writing in Year 5: a practitioner enquiry"


def load(name: str) -> ImportResult:
    return parse_file((FIXTURES / name).read_bytes(), name)


def by_title(result: ImportResult) -> dict[str, Reference]:
    return {r.title: r for r in result.references}


def refused(data: bytes, filename: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        parse_file(data, filename)
    assert caught.value.field == "File"
    return caught.value


# --- reading exports -----------------------------------------------------------------------------

def test_zotero_ris_reads_reports_books_webpages_and_articles():
    result = load("zotero.ris")
    assert result.skipped == [] and len(result.labels) == len(result.references) == 4
    got = by_title(result)
    assert got["Equity in Education: Time to stop and think"] == KERR
    assert got["Hierarchy, Markets and Networks"] == GREANY
    eef = got["Teaching and Learning Toolkit"]
    assert (eef.authors, eef.kind, eef.year, eef.url) == (["Education Endowment Foundation"], "webpage", 2021, EEF_URL)
    article = got[SMITH_TITLE]
    assert article.authors == ["Smith, Jane", "Patel, Ravi", "Jones, Ann"]
    assert (article.source, article.volume, article.issue, article.pages) == ("Journal of Classroom Enquiry", "4", "2",
                                                                              "12–30")
    assert article.doi == "10.5555/jce.2019.0042"  # from 'https://doi.org/10.5555/JCE...'
    assert article.url == "https://example.org/jce/2019/0042"
    assert article.abstract == "An abstract that runs onto a second line."


def test_endnote_ris_with_bom_crlf_combined_pages_chapters_and_theses():
    got = by_title(load("endnote.ris"))
    galton = got["A transition Odyssey: pupils' experiences of transfer to secondary school across five decades"]
    assert (galton.authors, galton.year, galton.pages) == (["Galton, Maurice", "McLellan, Ros"], 2018, "255–277")
    assert (galton.source, galton.volume, galton.issue, galton.kind) == ("Research Papers in Education", "33", "2",
                                                                         "article")
    chapter = got["Lesson study in a García primary school"]
    assert (chapter.kind, chapter.authors, chapter.source) == ("chapter", ["Müller, Jörg"], "Collaborative Enquiry in Schools")
    thesis = got["Pupil voice in school improvement"]
    assert (thesis.kind, thesis.source, thesis.publisher) == ("thesis", "PhD thesis", "University of Example")


def test_mendeley_bibtex_fields_names_and_corporate_authors():
    result = load("mendeley.bib")
    assert result.skipped == []
    got = by_title(result)
    assert got[SMITH_TITLE].authors == ["Smith, Jane", "Patel, Ravi", "Jones, Ann"]
    assert (got[SMITH_TITLE].doi, got[SMITH_TITLE].pages) == ("10.5555/jce.2019.0042", "12–30")
    assert got[SMITH_TITLE].abstract == "An abstract with a % sign."
    assert got["Equity in Education: Time to stop and think"] == KERR  # 'Kirstin Kerr and Mel Ainscow' turned round
    assert got["Hierarchy, Markets and Networks"] == GREANY
    eef = got["Teaching and Learning Toolkit"]
    assert (eef.authors, eef.kind, eef.url) == (["Education Endowment Foundation"], "webpage", EEF_URL)


def test_bibtex_latex_accents_and_escapes_become_unicode():
    paper = by_title(load("mendeley.bib"))["Pupils' voice & agency in Österreich and École ça"]
    assert paper.authors == ["Müller, Jörg", "García, María", "François, René"]
    assert paper.source == "Research in Teaching & Learning"


def test_bibtex_tex_logo_hyphen_emphasis_dashes_and_string_abbreviations():
    result = parse_bibtex(r"""
@string{ioe = "UCL IOE Press"}
@book{a, author = {Ludwig van Beethoven and Smith, Jr., John}, publisher = ioe, year = 2018,
  title = {An \emph{emphasised} word --- typeset in \TeX{} and \LaTeX, for e\hyphen{}learning, 1990--2000}}
""")
    [book] = result.references
    assert book.title == "An emphasised word — typeset in TeX and LaTeX, for e-learning, 1990–2000"
    assert book.publisher == "UCL IOE Press"
    assert book.authors == ["van Beethoven, Ludwig", "Smith, John, Jr."]


def test_zotero_bibtex_with_long_fields_subtitle_thesis_and_access_dates():
    result = load("zotero_long.bib")
    assert result.skipped == []
    got = by_title(result)
    oracy = got["Oracy in the primary classroom: a cluster study of talk partners"]  # BibLaTeX subtitle kept
    assert len(oracy.url) > 200 and oracy.url.endswith("links%20today")  # '%' in a link is not a LaTeX comment
    assert len(oracy.abstract) > 2000 and oracy.abstract.endswith("About 45% of pupils were eligible for the pupil premium.")
    assert oracy.accessed == dt.date(2025, 1, 14) and oracy.doi == "10.5555/berj.2021.0047"
    assert oracy.authors == ["Cerda, I. A.", "Müller, Jörg", "García, María"]
    thesis = got["Pupil voice in school improvement"]
    assert (thesis.kind, thesis.source, thesis.publisher) == ("thesis", "PhD thesis", "University of Example")
    eef = got["Teaching and Learning Toolkit: using TeX and e-learning"]
    assert (eef.kind, eef.authors, eef.accessed) == ("webpage", ["Education Endowment Foundation"], dt.date(2026, 11, 1))


def test_web_of_science_initials_are_kept():
    result = load("web_of_science.ris")
    first = result.references[0]
    assert first.authors == ["Cerda, I. A.", "Okafor, C.", "Lee, J.-H."]
    assert len(first.abstract) > 2000 and first.doi == "10.5555/berj.2021.0047"
    [entry] = [f for f in format_references(result.references) if f.reference is first]
    assert entry.text.startswith("Cerda, I.A., Okafor, C. and Lee, J.-H. (2021)")


def test_ebsco_cinahl_doi_in_l3_long_source_and_link():
    [paper] = load("cinahl.ris").references
    assert paper.doi == "10.5555/jecr.2022.0020"
    assert paper.title == "Speech and language in the early years: what nursery staff notice"
    assert len(paper.source) > 200 and paper.source.startswith("Journal of Early Childhood Research")
    assert len(paper.url) > 200 and paper.url.startswith("https://search.ebscohost.com/")
    assert (paper.year, paper.pages, paper.publisher) == (2022, "33–49", "Example Publishing")


@pytest.mark.parametrize("lines, doi", [
    ("DO  - 10.5555/A.1", "10.5555/a.1"),
    ("DOI - https://doi.org/10.5555/A.2", "10.5555/a.2"),
    ("UR  - https://doi.org/10.5555/A.3", "10.5555/a.3"),
    ("L3  - 10.5555/A.4\nUR  - https://search.ebscohost.com/login.aspx?AN=4", "10.5555/a.4"),
    ("M3  - doi:10.5555/A.5", "10.5555/a.5"),
    ("DO  - N/A\nUR  - https://example.org/paper", ""),
])
def test_ris_dois_are_found_wherever_databases_write_them(lines, doi):
    [ref] = parse_ris(f"TY  - JOUR\nTI  - A paper\n{lines}\nER  - \n").references
    assert ref.doi == doi


@pytest.mark.parametrize("written, printed", [
    ("phdthesis", "PhD thesis"), ("PhD Thesis", "PhD thesis"), ("mastersthesis", "Master's thesis"),
    ("Doctoral dissertation", "PhD thesis"), ("EdD thesis (professional doctorate)", "EdD thesis (professional doctorate)"),
])
def test_thesis_types_are_printed_as_words(written, printed):
    [ris] = parse_ris(f"TY  - THES\nTI  - T\nM3  - {written}\nPB  - Uni\nER  - \n").references
    [bib] = parse_bibtex(f"@thesis{{t, title = {{T}}, type = {{{written}}}, institution = {{Uni}}}}").references
    assert ris.source == bib.source == printed
    assert f"{printed}. Uni." in format_references([ris])[0].text


def test_ris_title_with_its_subtitle_is_kept():
    [ref] = parse_ris("TY  - JOUR\nTI  - Main title\nT1  - Main title: the subtitle\nER  - \n").references
    assert ref.title == "Main title: the subtitle"


def test_txt_files_are_recognised_by_content_and_renamed_files_still_work():
    assert len(parse_file((FIXTURES / "endnote.ris").read_bytes(), "EndNote Export.txt").references) == 3
    assert len(parse_file((FIXTURES / "mendeley.bib").read_bytes(), "library.txt").references) == 5
    assert len(parse_file((FIXTURES / "mendeley.bib").read_bytes(), "library.ris").references) == 5


def test_windows_1252_and_utf16_files_are_decoded():
    ris = "TY  - BOOK\r\nAU  - Schüler, Anna\r\nTI  - “Quoted” title – with dash\r\nPY  - 2020\r\nER  - \r\n"
    [cp] = parse_file(ris.encode("cp1252"), "old.ris").references
    assert (cp.authors, cp.title) == (["Schüler, Anna"], "“Quoted” title – with dash")
    [u16] = parse_file(ris.encode("utf-16"), "windows.txt").references
    assert u16 == cp


# --- bad input: a bad entry never stops the good ones ---------------------------------------------

def test_ris_missing_title_is_skipped_and_reported_the_rest_kept():
    result = load("incomplete.ris")
    assert result.skipped == [("Entry 1 (Kerr, 2016) has no title, so it was not imported. Add the title in your "
                               "reference manager and export again.")]
    assert len(result.references) == 4
    got = by_title(result)
    assert got["Equity in Education: Time to stop and think"].year is None
    assert got["Review of Best Practice in Parental Engagement"].authors == []
    assert "A last record with no ER line" in got


def test_html_and_script_in_titles_stay_plain_text():
    paper = by_title(load("incomplete.ris"))['<script>alert("x")</script> & <i>Reading</i> for pleasure']
    assert paper.source == "Journal of <b>Classroom</b> Enquiry"
    [bib] = parse_bibtex("@misc{x, title = {<img src=x onerror=alert(1)> Phonics}, year = 2020}").references
    assert bib.title == "<img src=x onerror=alert(1)> Phonics"


def test_malformed_bibtex_entry_among_good_ones():
    result = load("broken.bib")
    assert [r.title for r in result.references] == ["Hierarchy, Markets and Networks", "An entry without a citation key",
                                                    "Equity in Education: Time to stop and think"]
    [unclosed] = result.skipped
    assert unclosed.startswith("Entry 2 (key ‘Broken2020’) could not be read because its curly brackets { } do not "
                               "pair up, so it was not imported.")
    assert "Correct it in your reference manager" in unclosed
    assert result.labels[0] == "Entry 1 (‘Hierarchy, Markets and Networks’)"


def test_bibtex_undefined_abbreviation_skips_only_that_entry():
    result = parse_bibtex("@book{a, title = {Fine}, year = 2019, month = jan}\n"
                          "@book{b, title = {Uses a macro}, publisher = nowhere, year = 2019}\n")
    assert [r.title for r in result.references] == ["Fine"]
    assert result.skipped[0].startswith("Entry 2 (key ‘b’) could not be read because it uses the abbreviation "
                                        "‘nowhere’, which the file does not define with @string")


def test_bibtex_entries_sharing_a_key_are_all_read():
    result = load("duplicates.bib")
    assert [r.title for r in result.references] == [
        "Hierarchy, Markets and Networks", "Hierarchy, markets and networks.", "Talk for writing in Year 5",
        "Talk for Writing in Year Five", "A different paper under the same key"]
    assert result.skipped == []


@pytest.mark.parametrize("text", ["@", "@article{", "@article{x, title={", "@@@@{}}}{{", "@misc{y, title = }\n"])
def test_garbled_bibtex_never_crashes(text):
    result = parse_bibtex(text)
    assert result.references == []
    assert len(result.skipped) <= 1


def test_a_file_that_is_neither_ris_nor_bibtex():
    message = str(refused((FIXTURES / "not_references.txt").read_bytes(), "not_references.txt"))
    assert "neither RIS nor BibTeX" in message
    for needed in ("RIS (.ris)", "BibTeX (.bib)", "Zotero", "Mendeley", "EndNote", "Export"):
        assert needed in message


@pytest.mark.parametrize("data", [b"", b"   \r\n\n", b"\xef\xbb\xbf"])
def test_an_empty_file(data):
    error = refused(data, "refs.ris")
    assert "‘refs.ris’ is empty" in str(error) and "Export your references again" in str(error)


@pytest.mark.parametrize("data, filename, words", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "paper.pdf", "is a .pdf file, not RIS or BibTeX"),
    (b"PK\x03\x04\x14\x00\x06\x00", "refs.txt", "is not a text file"),
    (b"TY  - JOUR\nTI  - x\nER  - \n", "notes.docx", "is a .docx file"),
    (b"%0 Journal Article\n%T A title\n%A Kerr, K.\n", "export.enw", "is a .enw file"),
])
def test_wrong_file_types(data, filename, words):
    assert words in str(refused(data, filename))


def test_a_file_over_the_size_limit():
    record = b"TY  - JOUR\nTI  - A title\nER  - \n"
    error = refused(record * (reference_files.MAX_BYTES // len(record) + 1), "huge.ris")
    assert "over the 15 MB limit" in str(error) and "smaller collection" in str(error)


def test_nothing_importable_is_an_error_not_an_empty_success():
    error = refused(b"TY  - JOUR\nAU  - Kerr, K.\nPY  - 2016\nER  - \n", "untitled.ris")
    assert "has no references that could be imported" in str(error)
    assert "Entry 1 (Kerr, 2016) has no title" in str(error)
    assert "curly brackets" in str(refused(b"@article{broken, title = {Never closed\n", "broken.bib"))


def test_parse_ris_and_parse_bibtex_return_empty_results_for_other_text():
    assert parse_ris("no records here") == ImportResult([], [], [])
    assert parse_bibtex("no entries here") == ImportResult([], [], [])


def test_ris_record_missing_its_er_line_is_not_merged_into_the_next():
    result = parse_ris("TY  - BOOK\nTI  - First\nAU  - Kerr, K.\nTY  - BOOK\nTI  - Second\nAU  - Ainscow, M.\nER  - \n")
    assert [(r.title, r.authors) for r in result.references] == [("First", ["Kerr, K."]), ("Second", ["Ainscow, M."])]


def test_bibtex_comments_preambles_and_an_entry_starting_mid_line():
    result = parse_bibtex("@comment{jabref-meta: databaseType:bibtex;}\n@preamble{\"\\newcommand{\\x}{y}\"}\n"
                          "@book{a, title={One}, year=2001} @book{b, title={Two}, year=2002}\n")
    assert sorted(r.title for r in result.references) == ["One", "Two"]
    assert result.skipped == []


# --- size and speed -------------------------------------------------------------------------------

def test_two_thousand_ris_entries_parse_and_stay_distinct():
    record = "TY  - JOUR\nAU  - Smith, Jane\nTI  - Paper {n}\nT2  - J\nPY  - 2019\nDO  - 10.5555/x.{n}\nER  - \n"
    result = parse_ris("\n".join(record.format(n=n) for n in range(2000)))
    assert len(result.references) == 2000 and len({r.doi for r in result.references}) == 2000


def test_two_thousand_bibtex_entries_parse_whole():
    """How long it takes is measured by ``bench`` (references: import 2,000 BibTeX entries), never
    here: a timed test fails on a busy machine and proves nothing about the app's speed."""
    import random

    data = bench._bibtex_library(2000, random.Random(3))  # Zotero-like: abstracts, accents, links, files
    result = parse_file(data, "library.bib")
    assert len(result.references) == 2000 and result.skipped == []
    assert all(r.abstract.endswith("eligible for pupil premium)") and "%" in r.abstract for r in result.references)


def test_module_is_pure():
    for module in (reference_files,):
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {(n.module or "").split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not imported & {"streamlit", "duckdb", "pandas"}

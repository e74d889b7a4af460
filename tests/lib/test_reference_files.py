"""Reading RIS and BibTeX (Zotero, Mendeley, EndNote), duplicates, and Harvard citations.

Fixtures are small exports in tests/fixtures/references/. Real publications appear only with
details we are sure of; papers with DOIs are invented and use the 10.5555 test prefix."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from research_cycle.lib import references as refs
from research_cycle.lib.references import (
    ImportResult,
    Reference,
    find_duplicate,
    harvard,
    harvard_parts,
    in_text,
    normalise_doi,
    parse_bibtex,
    parse_file,
    parse_ris,
    title_key,
)
from research_cycle.store.errors import ValidationError

FIXTURES = Path(__file__).parents[1] / "fixtures" / "references"

KERR = Reference(authors=["Kerr, Kirstin", "Ainscow, Mel"], year=2017, title="Equity in Education: Time to stop and think",
                 source="", publisher="University of Manchester", place="Manchester", kind="report")
GREANY = Reference(authors=["Greany, Toby", "Higham, Rob"], year=2018, title="Hierarchy, Markets and Networks",
                   source="", publisher="UCL IOE Press", place="London", kind="book")
EEF = Reference(authors=["Education Endowment Foundation"], year=2021, title="Teaching and Learning Toolkit", source="",
                url="https://educationendowmentfoundation.org.uk/education-evidence/teaching-learning-toolkit",
                kind="webpage")
SMITH = Reference(authors=["Smith, Jane", "Patel, Ravi", "Jones, Ann"], year=2019,
                  title="Talk for writing in Year 5: a practitioner enquiry", source="Journal of Classroom Enquiry",
                  volume="4", issue="2", pages="12-30", doi="10.5555/jce.2019.0042", kind="article")


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
    assert (result.skipped, result.duplicates) == ([], [])
    got = by_title(result)
    assert got["Equity in Education: Time to stop and think"] == KERR
    assert got["Hierarchy, Markets and Networks"] == GREANY
    eef = got["Teaching and Learning Toolkit"]
    assert (eef.authors, eef.kind, eef.year, eef.url) == (EEF.authors, "webpage", 2021, EEF.url)
    article = got[SMITH.title]
    assert article.authors == SMITH.authors
    assert (article.source, article.volume, article.issue, article.pages) == ("Journal of Classroom Enquiry", "4", "2",
                                                                              "12–30")
    assert article.doi == "10.5555/jce.2019.0042"  # from 'https://doi.org/10.5555/JCE...'
    assert article.url == "https://example.org/jce/2019/0042"
    assert (article.key_points, article.bearing) == ("", "")


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
    assert (result.skipped, result.duplicates) == ([], [])
    got = by_title(result)
    assert got[SMITH.title].authors == SMITH.authors
    assert (got[SMITH.title].doi, got[SMITH.title].pages) == ("10.5555/jce.2019.0042", "12–30")
    assert got["Equity in Education: Time to stop and think"] == KERR  # 'Kirstin Kerr and Mel Ainscow' turned round
    assert got["Hierarchy, Markets and Networks"] == GREANY
    eef = got["Teaching and Learning Toolkit"]
    assert (eef.authors, eef.kind, eef.url) == (["Education Endowment Foundation"], "webpage", EEF.url)


def test_bibtex_latex_accents_and_escapes_become_unicode():
    got = by_title(load("mendeley.bib"))
    paper = got["Pupils' voice & agency in Österreich and École ça"]
    assert paper.authors == ["Müller, Jörg", "García, María", "François, René"]
    assert paper.source == "Research in Teaching & Learning"
    assert harvard(paper).startswith("Müller, J., García, M. and François, R. (2020)")


def test_bibtex_string_abbreviations_von_and_jr_and_formatting_commands():
    result = parse_bibtex(r"""
@string{ioe = "UCL IOE Press"}
@book{a, author = {Ludwig van Beethoven and Smith, Jr., John}, title = {An \emph{emphasised} word --- and a dash},
  publisher = ioe, year = 2018}
""")
    [book] = result.references
    assert book.publisher == "UCL IOE Press"
    assert book.authors == ["van Beethoven, Ludwig", "Smith, John, Jr."]
    assert book.title == "An emphasised word — and a dash"
    assert harvard(book).startswith("van Beethoven, L. and Smith, J., Jr. (2018)")


def test_txt_files_are_recognised_by_content_and_renamed_files_still_work():
    endnote_txt = parse_file((FIXTURES / "endnote.ris").read_bytes(), "EndNote Export.txt")
    assert len(endnote_txt.references) == 3
    bib_as_txt = parse_file((FIXTURES / "mendeley.bib").read_bytes(), "library.txt")
    assert len(bib_as_txt.references) == 5
    bib_named_ris = parse_file((FIXTURES / "mendeley.bib").read_bytes(), "library.ris")
    assert len(bib_named_ris.references) == 5


def test_windows_1252_and_utf16_files_are_decoded():
    ris = "TY  - BOOK\r\nAU  - Schüler, Anna\r\nTI  - “Quoted” title – with dash\r\nPY  - 2020\r\nER  - \r\n"
    [cp] = parse_file(ris.encode("cp1252"), "old.ris").references
    assert (cp.authors, cp.title) == (["Schüler, Anna"], "“Quoted” title – with dash")
    [u16] = parse_file(ris.encode("utf-16"), "windows.txt").references
    assert u16 == cp


# --- bad input ------------------------------------------------------------------------------------

def test_ris_missing_title_is_skipped_and_reported_the_rest_kept():
    result = load("incomplete.ris")
    assert result.skipped == [("Entry 1 (Kerr, 2016) has no title, so it was not imported. Add the title in your "
                               "reference manager and export again.")]
    assert len(result.references) == 4


def test_ris_missing_year_is_kept_with_no_year():
    got = by_title(load("incomplete.ris"))
    kerr = got["Equity in Education: Time to stop and think"]
    assert kerr.year is None
    assert harvard(kerr) == ("Kerr, K. and Ainscow, M. (n.d.) Equity in Education: Time to stop and think. "
                             "Manchester: University of Manchester.")
    assert in_text(kerr) == "(Kerr and Ainscow, n.d.)"


def test_ris_missing_authors_is_kept_and_harvard_starts_with_the_title():
    review = by_title(load("incomplete.ris"))["Review of Best Practice in Parental Engagement"]
    assert review.authors == []
    assert harvard(review) == "Review of Best Practice in Parental Engagement (2011) Department for Education."
    assert harvard_parts(review)[0] == ("Review of Best Practice in Parental Engagement", True)
    assert in_text(review) == "(Review of Best Practice in Parental Engagement, 2011)"


def test_ris_last_record_without_er_line_is_not_lost():
    assert "A last record with no ER line" in by_title(load("incomplete.ris"))


def test_html_and_script_in_titles_stay_plain_text():
    paper = by_title(load("incomplete.ris"))['<script>alert("x")</script> & <i>Reading</i> for pleasure']
    assert paper.source == "Journal of <b>Classroom</b> Enquiry"
    assert harvard(paper) == ("Smith, J. (2019) '<script>alert(\"x\")</script> & <i>Reading</i> for pleasure', "
                              "Journal of <b>Classroom</b> Enquiry.")
    [bib] = parse_bibtex("@misc{x, title = {<img src=x onerror=alert(1)> Phonics}, year = 2020}").references
    assert bib.title == "<img src=x onerror=alert(1)> Phonics"


def test_ris_same_paper_twice_is_kept_once_merged_and_reported():
    result = load("duplicates.ris")
    [greany, earlier] = result.references
    assert earlier.year == 2015  # a book of the same name from another year is a different publication
    assert (greany.year, greany.publisher, greany.place) == (2018, "UCL IOE Press", "London")
    assert result.duplicates == [(
        "Entry 2 (‘Hierarchy, markets and networks’) is the same publication as entry 1 (‘Hierarchy, Markets and "
        "Networks’) (same title and year), so it was imported once; details only it had (publisher, place) were added.")]


def test_bibtex_duplicate_keys_and_entries():
    result = load("duplicates.bib")
    titles = [r.title for r in result.references]
    assert titles == ["Hierarchy, Markets and Networks", "Talk for writing in Year 5",
                      "A different paper under the same key"]
    assert result.references[0].publisher == "UCL IOE Press"  # merged from the second copy
    [key_clash, same_title, same_doi] = result.duplicates
    assert "same citation key (‘Smith2019’)" in key_clash and "both were imported" in key_clash
    assert "Entry 2" in same_title and "same title and year" in same_title and "imported once" in same_title
    assert "Entry 4" in same_doi and "same DOI" in same_doi


def test_malformed_bibtex_entry_among_good_ones():
    result = load("broken.bib")
    assert [r.title for r in result.references] == ["Hierarchy, Markets and Networks",
                                                    "Equity in Education: Time to stop and think"]
    [unclosed, keyless] = result.skipped
    assert unclosed.startswith("Entry 2 (key ‘Broken2020’) could not be read because its curly brackets { } do not "
                               "pair up, so it was not imported.")
    assert "Correct it in your reference manager" in unclosed
    assert keyless.startswith("Entry 3 could not be read because it has no citation key")


def test_bibtex_undefined_abbreviation_skips_only_that_entry():
    result = parse_bibtex("@book{a, title = {Fine}, year = 2019}\n"
                          "@book{b, title = {Uses a macro}, publisher = nowhere, year = 2019}\n")
    assert [r.title for r in result.references] == ["Fine"]
    assert result.skipped[0].startswith("Entry 2 (key ‘b’) could not be read because it uses the abbreviation "
                                        "'nowhere', which the file does not define with @string")


@pytest.mark.parametrize("text", ["@", "@article{", "@article{x, title={", "@@@@{}}}{{", "@misc{y, title = }\n"])
def test_garbled_bibtex_never_crashes(text):
    result = parse_bibtex(text)
    assert result.references == []
    assert len(result.skipped) <= 1


def test_a_file_that_is_neither_ris_nor_bibtex():
    error = refused((FIXTURES / "not_references.txt").read_bytes(), "not_references.txt")
    message = str(error)
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


def test_a_file_over_5_mb():
    record = b"TY  - JOUR\nTI  - A title\nER  - \n"
    error = refused(record * (5 * 1024 * 1024 // len(record) + 1), "huge.ris")
    assert "over the 5 MB limit" in str(error) and "smaller collection" in str(error)


def test_nothing_importable_is_an_error_not_an_empty_success():
    error = refused(b"TY  - JOUR\nAU  - Kerr, K.\nPY  - 2016\nER  - \n", "untitled.ris")
    assert "has no references that could be imported" in str(error)
    assert "Entry 1 (Kerr, 2016) has no title" in str(error)
    error = refused(b"@article{broken, title = {Never closed\n", "broken.bib")
    assert "curly brackets" in str(error)


def test_two_thousand_ris_entries_parse_and_stay_distinct():
    record = "TY  - JOUR\nAU  - Smith, Jane\nTI  - Paper {n}\nT2  - J\nPY  - 2019\nDO  - 10.5555/x.{n}\nER  - \n"
    result = parse_ris("\n".join(record.format(n=n) for n in range(2000)))
    assert len(result.references) == 2000 and result.duplicates == []


def test_parse_ris_and_parse_bibtex_return_empty_results_for_other_text():
    assert parse_ris("no records here") == ImportResult([], [], [])
    assert parse_bibtex("no entries here") == ImportResult([], [], [])


# --- DOIs, titles, duplicates ---------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["10.5555/ABC.1", " https://doi.org/10.5555/abc.1 ", "http://dx.doi.org/10.5555/abc.1",
                                 "doi:10.5555/abc.1", "DOI: 10.5555/ABC.1", "doi.org/10.5555/abc.1"])
def test_normalise_doi(raw):
    assert normalise_doi(raw) == "10.5555/abc.1"


def test_a_field_that_is_not_a_doi_is_not_printed_as_one():
    [ref] = parse_ris("TY  - BOOK\nTI  - Book\nDO  - N/A\nER  - \n").references
    assert ref.doi == "" and "doi:" not in harvard(ref)


def test_title_key_ignores_case_accents_punctuation_and_spacing():
    assert title_key("  Équité:  the  ‘Self-Improving’ System! ") == title_key("equite the self improving system")
    assert title_key("Straße") == title_key("STRASSE")


def test_find_duplicate():
    library = [KERR, GREANY, SMITH]
    assert find_duplicate(Reference(title="Another title", doi="https://doi.org/10.5555/JCE.2019.0042"), library) is SMITH
    assert find_duplicate(Reference(title="hierarchy, markets & networks", year=2018), library) is None  # '&' ≠ 'and'
    assert find_duplicate(Reference(title="Hierarchy: markets and networks.", year=2018), library) is GREANY
    assert find_duplicate(Reference(title="Hierarchy, Markets and Networks"), library) is GREANY  # no year: title only
    assert find_duplicate(Reference(title="Hierarchy, Markets and Networks", year=2015), library) is None
    assert find_duplicate(Reference(title=SMITH.title, year=2019, doi="10.5555/other"), library) is None
    assert find_duplicate(Reference(title=""), library) is None


# --- Harvard ----------------------------------------------------------------------------------------

def test_harvard_report_book_and_corporate_webpage():
    assert harvard(KERR) == ("Kerr, K. and Ainscow, M. (2017) Equity in Education: Time to stop and think. "
                             "Manchester: University of Manchester.")
    assert harvard(GREANY) == "Greany, T. and Higham, R. (2018) Hierarchy, Markets and Networks. London: UCL IOE Press."
    assert harvard(EEF) == ("Education Endowment Foundation (2021) Teaching and Learning Toolkit. Available at: "
                            "https://educationendowmentfoundation.org.uk/education-evidence/teaching-learning-toolkit.")


def test_harvard_journal_article_with_en_dash_and_doi():
    assert harvard(SMITH) == ("Smith, J., Patel, R. and Jones, A. (2019) 'Talk for writing in Year 5: a practitioner "
                              "enquiry', Journal of Classroom Enquiry, 4(2), pp. 12–30. doi:10.5555/jce.2019.0042")


def test_harvard_parts_mark_what_is_italic():
    assert harvard_parts(SMITH) == [
        ("Smith, J., Patel, R. and Jones, A. (2019) 'Talk for writing in Year 5: a practitioner enquiry', ", False),
        ("Journal of Classroom Enquiry", True),
        (", 4(2), pp. 12–30. doi:10.5555/jce.2019.0042", False)]
    assert harvard_parts(GREANY) == [("Greany, T. and Higham, R. (2018) ", False),
                                     ("Hierarchy, Markets and Networks", True), (". London: UCL IOE Press.", False)]
    for ref in (KERR, GREANY, EEF, SMITH):
        assert "".join(text for text, _ in harvard_parts(ref)) == harvard(ref)
        assert "*" not in harvard(ref)


def test_harvard_chapter_thesis_and_report_series():
    chapter = Reference(authors=["Müller, Jörg"], year=2020, title="Lesson study", source="Collaborative Enquiry",
                        place="Bristol", publisher="Example Press", pages="45-60", kind="chapter")
    assert harvard(chapter) == ("Müller, J. (2020) 'Lesson study', in Collaborative Enquiry. Bristol: Example Press, "
                                "pp. 45–60.")
    thesis = Reference(authors=["Okafor, Chidi"], year=2022, title="Pupil voice", source="PhD thesis",
                       publisher="University of Example", kind="thesis")
    assert harvard(thesis) == "Okafor, C. (2022) Pupil voice. PhD thesis. University of Example."
    series = Reference(authors=["Kerr, K."], year=2019, title="Working paper?", source="Working Papers 3",
                       publisher="Example University", place="Leeds", kind="report")
    assert harvard(series) == "Kerr, K. (2019) Working paper? Leeds: Example University (Working Papers 3)."


def test_harvard_lists_every_author_and_keeps_initials_and_hyphenated_names():
    four = Reference(authors=["Smith, Jane Ann", "Patel, R.", "Jones, Ann-Marie", "Lee, K. J."], year=2020,
                     title="Four authors", source="Journal", kind="article")
    assert harvard(four).startswith("Smith, J.A., Patel, R., Jones, A.M. and Lee, K.J. (2020) 'Four authors'")
    assert in_text(four) == "(Smith et al., 2020)"


def test_harvard_book_entered_by_hand_uses_source_as_publisher():
    # The 'add by hand' form has one box for 'journal, book or publisher'
    book = Reference(authors=["Greany, T.", "Higham, R."], year=2018, title="Hierarchy, Markets and Networks",
                     source="UCL IOE Press", kind="book")
    assert harvard(book) == "Greany, T. and Higham, R. (2018) Hierarchy, Markets and Networks. UCL IOE Press."


def test_harvard_without_authors_or_year():
    anonymous = Reference(title="Untitled survey", kind="report")
    assert harvard(anonymous) == "Untitled survey (n.d.)."
    article = Reference(title="Editorial", year=2020, source="Journal of Classroom Enquiry", volume="5", kind="article")
    assert harvard(article) == "'Editorial' (2020) Journal of Classroom Enquiry, 5."


def test_in_text_citations():
    assert in_text(KERR) == "(Kerr and Ainscow, 2017)"
    assert in_text(GREANY) == "(Greany and Higham, 2018)"
    assert in_text(SMITH) == "(Smith et al., 2019)"
    assert in_text(EEF) == "(Education Endowment Foundation, 2021)"
    assert in_text(Reference(authors=["Kerr, K."], title="x")) == "(Kerr, n.d.)"
    assert in_text([KERR, GREANY]) == "(Kerr and Ainscow, 2017; Greany and Higham, 2018)"
    assert in_text([]) == ""


def test_module_is_pure():
    tree = ast.parse(Path(refs.__file__).read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {(node.module or "").split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not imported & {"streamlit", "duckdb", "pandas"}
    assert "db" not in {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}


def test_ris_record_missing_its_er_line_is_not_merged_into_the_next():
    result = parse_ris("TY  - BOOK\nTI  - First\nAU  - Kerr, K.\nTY  - BOOK\nTI  - Second\nAU  - Ainscow, M.\nER  - \n")
    assert [(r.title, r.authors) for r in result.references] == [("First", ["Kerr, K."]), ("Second", ["Ainscow, M."])]


def test_bibtex_comments_preambles_and_an_entry_starting_mid_line():
    result = parse_bibtex("@comment{jabref-meta: databaseType:bibtex;}\n@preamble{\"\\newcommand{\\x}{y}\"}\n"
                          "@book{a, title={One}, year=2001} @book{b, title={Two}, year=2002}\n")
    assert sorted(r.title for r in result.references) == ["One", "Two"]
    assert (result.skipped, result.duplicates) == ([], [])


def test_harvard_punctuation_after_question_marks_and_bare_years():
    assert harvard(Reference(authors=["Kerr, K."], title="Is it working?", year=2020, kind="book")) == \
        "Kerr, K. (2020) Is it working?"
    assert harvard(Reference(title="Teaching and Learning Toolkit", kind="webpage", url="https://example.org/t")) == \
        "Teaching and Learning Toolkit (n.d.) Available at: https://example.org/t."

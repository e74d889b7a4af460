"""RIS and BibTeX import, duplicates and Harvard references."""

import pytest

from research_cycle.lib.references import (
    Reference,
    find_duplicate,
    harvard,
    harvard_parts,
    in_text,
    normalise_doi,
    parse_file,
    title_key,
)
from research_cycle.store.errors import ValidationError

RIS = """TY  - RPRT
AU  - Kerr, Kirstin
AU  - Ainscow, Mel
PY  - 2017
TI  - Equity in Education: Time to stop and think
PB  - University of Manchester
CY  - Manchester
ER  - 

TY  - JOUR
AU  - Galton, Maurice
AU  - McLellan, Ros
PY  - 2018
TI  - A transition Odyssey: pupils' experiences of transfer to secondary school across five decades
T2  - Research Papers in Education
VL  - 33
IS  - 2
SP  - 255
EP  - 277
DO  - https://doi.org/10.1080/02671522.2017.1302496
ER  - 

TY  - JOUR
AU  - Nobody, A.
PY  - 2020
ER  - 

TY  - RPRT
AU  - Kerr, K.
AU  - Ainscow, M.
PY  - 2017
TI  - Equity in education: time to stop and think!
ER  - 
"""

BIB = r"""
@book{alexander2020,
  author = {Alexander, Robin},
  title = {A Dialogic Teaching Companion},
  year = {2020},
  publisher = {Routledge},
  address = {Abingdon}
}
@techreport{eef2021,
  author = {{Education Endowment Foundation}},
  title = {Teaching and Learning Toolkit},
  year = {2021},
  institution = {Education Endowment Foundation}
}
@article{broken,
  author = {Someone,
  title = {Missing brace
@article{muller2019,
  author = {M{\"u}ller, J{\"o}rg and Fran{\c c}ois Lef{\`e}vre and Smith, Ann},
  title = {Caf\'{e} talk \& learning},
  journal = {Journal of <script>alert(1)</script> Studies},
  year = {2019},
  pages = {1--20}
}
"""


def test_ris_import_skips_untitled_and_merges_duplicates():
    result = parse_file(RIS.encode("utf-8"), "zotero.ris")
    assert [r.title for r in result.references] == [
        "Equity in Education: Time to stop and think",
        "A transition Odyssey: pupils' experiences of transfer to secondary school across five decades"]
    assert len(result.skipped) == 1 and result.skipped[0].startswith("Entry 3") and "no title" in result.skipped[0]
    assert len(result.duplicates) == 1 and "imported once" in result.duplicates[0]
    article = result.references[1]
    assert article.doi == "10.1080/02671522.2017.1302496" and article.pages == "255–277" and article.kind == "article"


def test_bibtex_import_converts_latex_and_survives_a_broken_entry():
    result = parse_file(BIB.encode("utf-8"), "mendeley.bib")
    titles = [r.title for r in result.references]
    assert titles == ["A Dialogic Teaching Companion", "Teaching and Learning Toolkit", "Café talk & learning"]
    assert any("could not be read" in s for s in result.skipped)
    muller = result.references[2]
    assert muller.authors == ["Müller, Jörg", "Lefèvre, François", "Smith, Ann"]
    assert muller.source == "Journal of <script>alert(1)</script> Studies"  # kept as plain text
    assert result.references[1].authors == ["Education Endowment Foundation"]


@pytest.mark.parametrize("data,name,words", [
    (b"", "empty.ris", "is empty"),
    (b"just some notes about reading", "notes.txt", "neither RIS nor BibTeX"),
    (b"TY  - JOUR\nER  - \n", "untitled.ris", "no references that could be imported"),
])
def test_bad_files_are_refused_with_a_fix(data, name, words):
    with pytest.raises(ValidationError) as err:
        parse_file(data, name)
    assert err.value.field == "File" and words in err.value.message


def test_cp1252_file_is_read():
    text = "TY  - BOOK\nAU  - Ainscow, Mel\nPY  - 2016\nTI  - Struggling for Equity \u2013 a \u201cpractical\u201d book\nER  - \n"
    result = parse_file(text.encode("cp1252"), "endnote.ris")
    assert result.references[0].title == "Struggling for Equity \u2013 a \u201cpractical\u201d book"


def test_duplicates_by_doi_or_title_and_year():
    a = Reference(authors=["Kerr, K."], year=2017, title="Equity in Education: Time to stop and think")
    b = Reference(title="EQUITY in education - time to stop and think", year=2017)
    c = Reference(title="Something else", doi="https://doi.org/10.1/ABC")
    d = Reference(title="Different title", doi="doi:10.1/abc")
    assert find_duplicate(b, [a]) is a and find_duplicate(d, [a, c]) is c
    assert find_duplicate(Reference(title=a.title, year=2019), [a]) is None
    assert normalise_doi("https://dx.doi.org/10.1/ABC") == "10.1/abc"
    assert title_key("Café, talk!") == "cafe talk"


def test_harvard_references_and_in_text_citations():
    book = Reference(authors=["Kerr, Kirstin", "Ainscow, Mel"], year=2017, kind="report",
                     title="Equity in Education: Time to stop and think", publisher="University of Manchester",
                     place="Manchester")
    assert harvard(book) == "Kerr, K. and Ainscow, M. (2017) Equity in Education: Time to stop and think. Manchester: University of Manchester."
    assert ("Equity in Education: Time to stop and think", True) in harvard_parts(book)
    article = Reference(authors=["Galton, Maurice", "McLellan, Ros"], year=2018, kind="article",
                        title="A transition Odyssey", source="Research Papers in Education", volume="33", issue="2",
                        pages="255-277", doi="10.1080/02671522.2017.1302496")
    assert harvard(article) == ("Galton, M. and McLellan, R. (2018) 'A transition Odyssey', Research Papers in "
                                "Education, 33(2), pp. 255–277. doi:10.1080/02671522.2017.1302496")
    assert in_text(book) == "(Kerr and Ainscow, 2017)"
    assert in_text(Reference(authors=["A, B.", "C, D.", "E, F."], year=2019, title="x")) == "(A et al., 2019)"
    assert in_text(Reference(authors=["Education Endowment Foundation"], title="Toolkit")) == "(Education Endowment Foundation, n.d.)"

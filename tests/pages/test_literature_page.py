"""AppTest flows for the Literature page: the library in the alliance's reference style, an
import that lists what it skipped and offers each possible duplicate to add anyway or skip, and
the administrator's choice of style."""

from __future__ import annotations

from helpers import app_as, person_with
from research_cycle import literature, schools
from research_cycle.store import db


def plain(markdown: str) -> str:
    return markdown.replace("\\", "").replace("*", "")


def library(person, enquiry_id) -> literature.ReferenceList:
    con = db.connect(db.db_path())
    try:
        return literature.reference_list(con, person, enquiry_id)
    finally:
        con.close()


def test_the_library_is_shown_in_cite_them_right_with_italics_and_citations(teacher):
    person, enquiry_id = teacher
    expected = library(person, enquiry_id)
    assert expected.entries, "the sample enquiry has references"
    at = app_as(person, "pages/literature.py")
    assert any("Cite Them Right (Harvard)" in c.value for c in at.caption)
    labels = [e.label for e in at.expander]
    assert [plain(label) for label in labels[: len(expected.entries)]] == [e.formatted.text for e in expected.entries]
    first = expected.entries[0].formatted
    italic = next(r.text.strip() for r in first.runs if r.italic)
    assert any(f"*{italic}*" in label.replace("\\", "") for label in labels)
    assert not any("Cite as" in plain(m.value) for m in at.markdown)  # each box is made only when opened
    at.session_state[f"literature_ref_open_{expected.entries[0].id}"] = True
    at.run()
    assert any(f"Cite as {first.citation}" in plain(m.value) for m in at.markdown)


RIS = """TY  - JOUR
AU  - Cerda, IA
TI  - A reference the library does not have
T2  - Oxford Review of Education
PY  - 2021
VL  - 47
DO  - 10.5555/ore.2021.0001
ER  -

TY  - JOUR
TI  - {title}
AU  - {author}
PY  - {year}
ER  -

TY  - JOUR
AU  - Kerr, K.
PY  - 2016
ER  -
"""


def test_import_names_skipped_entries_and_offers_each_possible_duplicate(teacher):
    person, enquiry_id = teacher
    before = library(person, enquiry_id).entries
    known = next(e.formatted.reference for e in before if e.formatted.reference.authors)
    data = RIS.format(title=known.title.upper(), author=known.authors[0], year=known.year or "").encode()
    at = app_as(person, "pages/literature.py")
    assert not at.get("file_uploader")  # folded until opened
    at.session_state["literature_importing_open"] = True
    at.run()
    at.file_uploader(key="literature_import_file").set_value(("mine.ris", data, "application/x-research-info-systems"))
    at.run()
    at.button(key="literature_import").click().run()
    assert not at.exception
    message = plain(at.success[0].value)
    assert "Imported 1 reference from mine.ris" in message and "1 could not be imported" in message
    assert "1 look like references already there" in message
    assert any("Entry 3 (Kerr, 2016) has no title" in plain(m.value) for m in at.markdown)
    assert any("Entry 2" in plain(m.value) and "already in the library" in plain(m.value) for m in at.markdown)
    assert len(library(person, enquiry_id).entries) == len(before) + 1

    at.button(key="literature_dup_add_0").click().run()
    assert not at.exception
    assert "Added" in plain(at.success[0].value)
    assert len(library(person, enquiry_id).entries) == len(before) + 2
    assert not any(b.key == "literature_dup_add_0" for b in at.button)

    at.file_uploader(key="literature_import_file").set_value(("mine.ris", data, "application/x-research-info-systems"))
    at.run()
    at.button(key="literature_import").click().run()
    assert "Imported 0 references" in plain(at.success[0].value)
    assert any(b.key == "literature_dup_add_1" for b in at.button)  # both are now in the library
    at.button(key="literature_dup_skip_all").click().run()
    assert not any(b.key.startswith("literature_dup_") for b in at.button if b.key)
    at.button(key="literature_import_done").click().run()
    assert not any(b.key == "literature_import_done" for b in at.button if b.key)
    assert len(library(person, enquiry_id).entries) == len(before) + 2


def test_a_duplicate_typed_by_hand_is_refused_unless_ticked(teacher):
    person, enquiry_id = teacher
    known = next(e.formatted.reference for e in library(person, enquiry_id).entries if e.formatted.reference.authors)
    at = app_as(person, "pages/literature.py")
    at.session_state["literature_adding_open"] = True
    at.run()
    at.text_input(key="literature_add_authors").set_value(known.authors[0])
    at.text_input(key="literature_add_year").set_value(str(known.year or ""))
    at.text_input(key="literature_add_title").set_value(known.title)
    at.button(key="FormSubmitter:literature_add-Add reference").click().run()
    assert at.error and "already in the library" in plain(at.error[0].value)
    assert at.text_input(key="literature_add_title").value == known.title  # the form keeps what was typed
    at.checkbox(key="literature_add_anyway").check()
    at.button(key="FormSubmitter:literature_add-Add reference").click().run()
    assert not at.error and "Added" in plain(at.success[0].value)


def test_administrator_chooses_apa_and_the_library_follows(sample_path, teacher):
    person, enquiry_id = teacher
    con = db.connect(sample_path)
    admin = person_with(con, "administrator")
    con.close()
    at = app_as(admin, "pages/administration.py")
    at.session_state["admin_section"] = "Alliance"
    at.run()
    at.selectbox(key="admin_alliance_reference_style").set_value("apa")
    at.button(key="FormSubmitter:admin_alliance_references-Save reference style").click().run()
    assert not at.exception and "APA 7th edition" in plain(at.success[0].value)
    con = db.connect(sample_path)
    assert schools.reference_style(con) == "apa"
    con.close()
    expected = library(person, enquiry_id)
    at = app_as(person, "pages/literature.py")
    assert any("APA 7th edition" in c.value for c in at.caption)
    assert plain(at.expander[0].label) == expected.entries[0].formatted.text
    assert " (20" in expected.entries[0].formatted.text and ". (" in expected.entries[0].formatted.text


def test_readers_see_the_library_without_import_or_forms(sample_path):
    con = db.connect(sample_path)
    facilitator = person_with(con, "facilitator")
    con.close()
    at = app_as(facilitator, "pages/literature.py")
    assert at.expander and not at.file_uploader
    assert not any(b.key in ("literature_import", "FormSubmitter:literature_add-Add reference") for b in at.button)

"""The Write-up page: a teacher rewrites a section from its draft and saves it, a teammate's save
in between refuses the later one (the text stays in the box), mark ready names what is missing,
the draft can be inserted again, the Word document is built and offered; facilitators read."""

from __future__ import annotations

import pytest

from helpers import app_as, person_with
from research_cycle import people, teams, writeups
from research_cycle.store import db
from research_cycle.store.actors import SYSTEM
from research_cycle.store.formatting import md_escape

PAGE = "pages/writeup.py"


@pytest.fixture
def team(sample_path):
    con = db.connect(sample_path)
    teacher = person_with(con, "teacher", in_team=True)
    cycle_id = con.execute("SELECT id FROM cycle WHERE label = '2026/27'").fetchone()[0]
    mine = teams.my_teams(con, teacher, cycle_id)[0]
    mate_id = people.create_person(con, SYSTEM, name="Mo Mate", email="mo.mate@example.sch.uk",
                                   school_id=teacher.school_id, roles=["teacher"])
    teams.add_member(con, SYSTEM, mine["id"], mate_id)
    mate = people.get_person(con, mate_id)
    con.close()
    return teacher, mate, mine["enquiry_id"]


def _writeup(enquiry_id):
    con = db.connect(db.db_path())
    try:
        return writeups.get_writeup(con, SYSTEM, enquiry_id)
    finally:
        con.close()


def _open(teacher, section: str):
    at = app_as(teacher, PAGE)
    at.selectbox(key="writeup_pick").set_value(section).run()
    return at


def test_a_section_starts_from_its_draft_and_is_saved(team):
    teacher, _, enquiry_id = team
    at = _open(teacher, "context")
    form = f"writeup_{enquiry_id}_context"
    box = at.text_area(key=f"{form}_body")
    assert box.value.startswith("Our focus: ")  # the draft made from the records
    box.set_value("We are a two-form entry primary school.")
    at.button(key=f"FormSubmitter:{form}-Save section").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any(md_escape("Saved ‘1 Context and focus’ (7 words).") in s.value for s in at.success)
    section = _writeup(enquiry_id).sections["context"]
    assert section.body == "We are a two-form entry primary school." and section.updated_by == teacher.name
    assert at.text_area(key=f"{form}_body").value == "We are a two-form entry primary school."


def test_a_teammates_save_in_between_refuses_the_later_one_and_keeps_the_text(team):
    teacher, mate, enquiry_id = team
    at = _open(teacher, "findings")
    form = f"writeup_{enquiry_id}_findings"
    at.text_area(key=f"{form}_body").set_value("My version of the findings.")
    con = db.connect(db.db_path())
    writeups.save_section(con, mate, enquiry_id, "findings", "Mo's version.", expected_updated_at=None)
    con.close()
    at.button(key=f"FormSubmitter:{form}-Save section").click().run()
    assert at.error and "Mo Mate saved this section at" in at.error[0].value
    assert at.text_area(key=f"{form}_body").value == "My version of the findings."
    assert _writeup(enquiry_id).sections["findings"].body == "Mo's version."
    # Loading the saved version shows the teammate's text; saving from it works.
    at.button(key=f"writeup_reload_{enquiry_id}_findings").click().run()
    assert at.text_area(key=f"{form}_body").value == "Mo's version."
    at.text_area(key=f"{form}_body").set_value("Mo's version, and mine.")
    at.button(key=f"FormSubmitter:{form}-Save section").click().run()
    assert not at.error, [e.value for e in at.error]
    assert _writeup(enquiry_id).sections["findings"].body == "Mo's version, and mine."


def test_insert_the_draft_again(team):
    teacher, _, enquiry_id = team
    at = _open(teacher, "title")
    form = f"writeup_{enquiry_id}_title"
    draft = at.text_area(key=f"{form}_body").value
    at.text_area(key=f"{form}_body").set_value("Something else")
    at.button(key=f"writeup_draft_{enquiry_id}_title").click().run()
    assert at.text_area(key=f"{form}_body").value == draft and draft


def test_mark_ready_names_the_missing_sections_and_the_document_downloads(team):
    teacher, _, enquiry_id = team
    at = app_as(teacher, PAGE)
    at.button(key="writeup_ready").click().run()
    assert at.error and md_escape("cannot be marked ready: ‘Title’, ‘Abstract’") in at.error[0].value
    assert _writeup(enquiry_id).status == "not started"
    at.button(key="writeup_build").click().run()
    assert not at.exception
    download = at.get("download_button")
    assert download and download[0].proto.label == "Download the write-up (.docx)"


def test_facilitators_read_without_editing(sample_path):
    con = db.connect(sample_path)
    facilitator = person_with(con, "facilitator")
    con.close()
    at = app_as(facilitator, PAGE)
    assert at.title[0].value == "Write-up"
    assert not [t for t in at.text_area if t.key and t.key.endswith("_body")]
    assert not [b for b in at.button if b.key == "writeup_ready"]
    assert at.tabs[1].label == "Preview" and not at.header  # the preview is made when its tab is opened
    at.session_state["writeup_tab"] = "Preview"
    at.run()
    assert at.header and not at.exception


def test_facilitators_build_the_proceedings_with_progress(sample_path, team):
    _, _, enquiry_id = team
    con = db.connect(sample_path)
    facilitator = person_with(con, "facilitator")
    current = writeups.get_writeup(con, SYSTEM, enquiry_id)
    for key, section in current.sections.items():
        writeups.save_section(con, SYSTEM, enquiry_id, key, section.draft or section.heading,
                              expected_updated_at=section.updated_at)
    writeups.mark_ready(con, SYSTEM, enquiry_id)
    con.close()
    at = app_as(facilitator, PAGE)
    assert any(md_escape("1 of ") in c.value and "marked ready" in c.value for c in at.caption)
    at.button(key="writeup_build_proceedings").click().run()
    assert not at.exception, at.exception
    labels = [d.proto.label for d in at.get("download_button")]
    assert "Download the proceedings (.docx)" in labels

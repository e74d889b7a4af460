"""Pupils' privacy on the pages (issue 9): free text that looks like a pupil's name, date of birth
or UPN is held with a warning until the writer edits it or saves anyway, keeping what they typed;
and a damaged picture stored before uploads were checked cannot break the Evidence page."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers import app_as, person_with
from research_cycle import critique, evidence, teams
from research_cycle.store import db
from research_cycle.store.actors import SYSTEM

NAMED = "Olivia Smith (Year 4) talked more with a partner."


def titles(person, enquiry_id) -> list[str]:
    con = db.connect(db.db_path())
    try:
        return list(evidence.list_evidence(con, person, enquiry_id)["title"])
    finally:
        con.close()


def warned(at) -> str:
    return " ".join(w.value.replace("\\", "") for w in at.warning)


def add_form(person):
    at = app_as(person, "pages/evidence.py")
    at.session_state["evidence_view"] = "Add evidence"
    at.run()
    at.text_input(key="evidence_add_title").set_value("Paired talk, week 3")
    at.text_area(key="evidence_add_summary").set_value(NAMED)
    at.button(key="FormSubmitter:evidence_add-Add to the log").click().run()
    assert not at.exception
    return at


def test_a_pupils_name_in_a_summary_is_held_until_the_writer_saves_anyway(teacher):
    person, enquiry_id = teacher
    at = add_form(person)
    assert "'Olivia Smith' looks like a pupil's full name" in warned(at)
    assert "Paired talk, week 3" not in titles(person, enquiry_id)  # nothing saved yet
    assert at.text_area(key="evidence_add_summary").value == NAMED  # what was typed is kept
    at.button(key="evidence_hold_add_anyway").click().run()
    assert not at.exception and not at.warning
    assert any("Added 'Paired talk, week 3'" in s.value.replace("\\", "") for s in at.success)
    assert titles(person, enquiry_id).count("Paired talk, week 3") == 1


def test_edit_first_keeps_the_text_and_the_edited_text_saves_without_a_warning(teacher):
    person, enquiry_id = teacher
    at = add_form(person)
    at.button(key="evidence_hold_add_edit").click().run()
    assert not at.warning and at.text_area(key="evidence_add_summary").value == NAMED
    assert "Paired talk, week 3" not in titles(person, enquiry_id)
    at.text_area(key="evidence_add_summary").set_value("Pupil A (Year 4) talked more with a partner.")
    at.button(key="FormSubmitter:evidence_add-Add to the log").click().run()
    assert not at.warning and not at.exception
    assert titles(person, enquiry_id).count("Paired talk, week 3") == 1


def test_editing_an_item_warns_about_a_upn_in_the_notes(teacher):
    person, enquiry_id = teacher
    con = db.connect(db.db_path())
    eid = evidence.add_evidence(con, person, enquiry_id, {"title": "Zz newest item", "kind": "learning walk",
                                                          "origin": "our practice", "collected_on": dt.date(2026, 11, 22)})
    con.close()
    at = app_as(person, "pages/evidence.py")
    at.selectbox(key="evidence_open").set_value(eid).run()
    assert not [t for t in at.text_area if t.key == f"evidence_edit_{eid}_notes"]  # folded: not made until opened
    at.session_state["evidence_edit_open"] = True  # "Edit this item" opened
    at.run()
    at.text_area(key=f"evidence_edit_{eid}_notes").set_value("Her UPN is M820 6123 45001.")
    at.button(key=f"FormSubmitter:evidence_edit_{eid}-Save changes").click().run()
    assert "looks like a Unique Pupil Number (UPN)" in warned(at)
    con = db.connect(db.db_path())
    assert evidence.get_evidence(con, person, eid)["notes"] == ""
    con.close()
    at.button(key=f"evidence_hold_{eid}_anyway").click().run()
    con = db.connect(db.db_path())
    assert evidence.get_evidence(con, person, eid)["notes"] == "Her UPN is M820 6123 45001."
    con.close()


@pytest.mark.parametrize("content", [
    b"\xff\xd8\xff\xe0" + b"\x00" * 64,  # a truncated JPEG
    b"<!DOCTYPE html><html><body>not a picture</body></html>",  # HTML named .webp
    b"GIF89a",  # a bare GIF header
])
def test_a_damaged_picture_from_an_old_store_does_not_break_the_page(teacher, content):
    person, enquiry_id = teacher
    con = db.connect(db.db_path())
    eid = evidence.add_evidence(con, person, enquiry_id, {"title": "Zz newest item", "kind": "learning walk",
                                                          "origin": "our practice", "collected_on": dt.date(2026, 11, 22)})
    # Stored as an old store holds it: before uploads were decoded, so straight into the table.
    att = db.scalar(con, "evidence/insert_attachment", [eid, "broken.webp", "image/webp", len(content), content,
                                                        person.id, dt.datetime(2026, 11, 22, 9)])
    con.close()
    at = app_as(person, "pages/evidence.py")
    assert at.selectbox(key="evidence_open").value == eid  # the newest item opens by default
    assert any("Preview not available" in c.value for c in at.caption), [c.value for c in at.caption]
    at.button(key=f"evidence_rm_{att}").click().run()  # and the broken file can be removed
    assert not at.exception
    con = db.connect(db.db_path())
    assert evidence.attachments(con, person, eid) == []
    con.close()


def test_critique_with_a_date_of_birth_is_held_before_sending(sample_path):
    con = db.connect(sample_path)
    facilitator = person_with(con, "facilitator")
    before = con.execute("SELECT count(*) FROM critique_item").fetchone()[0]
    con.close()
    at = app_as(facilitator, "pages/critique.py")
    text = "The boy with DOB 12/03/2016 seems to be the focus of every observation."
    at.text_area(key="critique_give_text").set_value(text)
    at.button(key="FormSubmitter:critique_give-Send critique").click().run()
    assert "'DOB 12/03/2016' looks like a date of birth" in warned(at)
    assert at.text_area(key="critique_give_text").value == text
    con = db.connect(sample_path)
    assert con.execute("SELECT count(*) FROM critique_item").fetchone()[0] == before
    con.close()
    at.button(key="critique_hold_give_anyway").click().run()
    assert not at.exception and any("Sent your critique" in s.value for s in at.success)
    con = db.connect(sample_path)
    assert con.execute("SELECT count(*) FROM critique_item").fetchone()[0] == before + 1
    con.close()


def test_an_answer_naming_a_pupil_is_held(sample_path):
    con = db.connect(sample_path)
    teacher = person_with(con, "teacher", in_team=True)
    facilitator = person_with(con, "facilitator")
    cycle_id = con.execute("SELECT id FROM cycle WHERE label = '2026/27'").fetchone()[0]
    enquiry_id = teams.my_teams(con, teacher, cycle_id)[0]["enquiry_id"]
    item = critique.add_critique(con, facilitator, enquiry_id, kind="question", text="Who benefits most?")
    con.close()
    at = app_as(teacher, "pages/critique.py")
    at.session_state[f"critique_answering_open_{item}"] = True  # "Answer this item", opened
    at.run()
    at.text_area(key=f"critique_answer_text_{item}").set_value("Mostly Jayden O'Neill, a pupil in Year 5.")
    at.button(key=f"FormSubmitter:critique_answer_{item}-Save answer").click().run()
    assert "'Jayden O'Neill' looks like a pupil's full name" in warned(at)
    con = db.connect(sample_path)
    assert critique.get_critique(con, SYSTEM, item)["response"] is None
    con.close()

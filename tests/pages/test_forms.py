"""Forms that behave: after a save the form clears and says what was saved; a refused save keeps
what was typed; the same submission twice (a double click) is stored once; a booking never lands
on a slot nobody chose."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers import app_as, person_with
from research_cycle import clinics
from research_cycle.store import db


def _count(sql, *params):
    con = db.connect(db.db_path())
    try:
        return con.execute(sql, list(params)).fetchone()[0]
    finally:
        con.close()


@pytest.fixture
def people_and_slots(sample_path):
    con = db.connect(sample_path)
    teacher = person_with(con, "teacher", in_team=True)
    facilitator = person_with(con, "facilitator")
    cycle_id = con.execute("SELECT id FROM cycle WHERE label = '2026/27'").fetchone()[0]
    slots = [clinics.publish_slot(con, facilitator, cycle_id=cycle_id, starts_at=dt.datetime(2027, 1, 20 + n, 16, 0),
                                  minutes=45, place="Room 4") for n in range(2)]
    con.close()
    return teacher, facilitator, slots


def _book(at, slot_id, topic):
    at.selectbox(key="clinics_book_slot").set_value(slot_id)
    at.text_input(key="clinics_book_topic").set_value(topic)
    return at.button(key="FormSubmitter:clinics_book-Book").click().run()


def test_a_booking_clears_the_form_and_a_second_click_is_not_a_second_booking(people_and_slots):
    teacher, _, (first, second) = people_and_slots
    at = app_as(teacher, "pages/clinics.py")
    _book(at, first, "Interview design")
    assert any("Booked the clinic" in s.value for s in at.success)
    assert at.text_input(key="clinics_book_topic").value == ""  # cleared for the next booking
    # The second click of a double click carries the same values as the first.
    _book(at, first, "Interview design")
    assert any("Already saved" in s.value for s in at.success), [e.value for e in at.error]
    assert _count("SELECT count(*) FROM clinic_booking WHERE topic = 'Interview design'") == 1
    assert _count("SELECT count(*) FROM clinic_slot WHERE id = ? AND booking_id IS NOT NULL", second) == 0


def test_a_refused_save_keeps_what_was_typed(people_and_slots):
    teacher, _, (first, _) = people_and_slots
    at = app_as(teacher, "pages/clinics.py")
    at.text_area(key="clinics_book_help").set_value("How many pupils should we interview?")
    _book(at, first, "   ")  # no topic
    assert at.error and "Topic" in at.error[0].value
    assert at.text_area(key="clinics_book_help").value == "How many pupils should we interview?"
    assert _count("SELECT count(*) FROM clinic_booking b JOIN clinic_slot s ON s.id = b.slot_id WHERE s.id = ?", first) == 0


def test_a_slot_taken_meanwhile_is_refused_not_swapped(people_and_slots, sample_path):
    teacher, facilitator, (first, second) = people_and_slots
    at = app_as(teacher, "pages/clinics.py")
    at.selectbox(key="clinics_book_slot").set_value(first)
    at.run()
    # Another team books the chosen slot while this teacher is still typing.
    con = db.connect(sample_path)
    other = con.execute("SELECT t.id FROM team t JOIN cycle c ON c.id = t.cycle_id WHERE c.label = '2026/27' "
                        "AND t.id NOT IN (SELECT team_id FROM team_member WHERE person_id = ?) LIMIT 1",
                        [teacher.id]).fetchone()[0]
    from research_cycle.store.actors import SYSTEM

    clinics.book(con, SYSTEM, first, team_id=other, topic="Sampling")
    con.close()
    _book(at, first, "Interview design")
    assert at.error and "just been booked by another team" in at.error[0].value
    assert at.text_input(key="clinics_book_topic").value == "Interview design"
    assert _count("SELECT count(*) FROM clinic_slot WHERE id = ? AND booking_id IS NOT NULL", second) == 0


# (role, page, what to do first, {widget: value}, submit button, table and column the save lands in)
FORMS = {
    "evidence quick-add": ("teacher", "pages/evidence.py", ("segmented_control", "evidence_view", "Add evidence"),
                           {("text_input", "evidence_add_title"): "Double-click check: paired talk",
                            ("text_area", "evidence_add_summary"): "Pupils explained in pairs."},
                           "FormSubmitter:evidence_add-Add to the log", ("evidence_item", "title")),
    "add finding": ("teacher", "pages/findings.py", None,
                    {("text_area", "findings_new_claim"): "Double-click check: quiet pupils spoke more"},
                    "FormSubmitter:findings_new-Add finding", ("finding", "claim")),
    "add reference": ("teacher", "pages/literature.py", ("open", "literature_adding_open", True),
                      {("text_input", "literature_add_authors"): "Quinn, B.",
                       ("text_input", "literature_add_year"): "2024",
                       ("text_input", "literature_add_title"): "Double-click check: talk partners"},
                      "FormSubmitter:literature_add-Add reference", ("literature", "title")),
    "send critique": ("facilitator", "pages/critique.py", None,
                      {("text_area", "critique_give_text"): "Double-click check: whose voice is missing?"},
                      "FormSubmitter:critique_give-Send critique", ("critique_item", "text")),
    "schedule a meeting": ("facilitator", "pages/meetings.py", ("open", "meetings_schedule_open", True),
                           {("text_input", "meetings_new_title"): "Double-click check: meeting 3"},
                           "FormSubmitter:meetings_new-Schedule", ("meeting", "title")),
    "create team": ("administrator", "pages/administration.py", ("segmented_control", "admin_section", "Teams"),
                    {("text_input", "admin_team_new_name"): "Double-click check team"},
                    "FormSubmitter:admin_team_new-Create team", ("team", "name")),
}


@pytest.mark.parametrize("form", list(FORMS))
def test_every_everyday_form_clears_after_a_save_and_stores_a_double_click_once(sample_path, form):
    role, page, first, fields, submit, (table, column) = FORMS[form]
    con = db.connect(sample_path)
    who = person_with(con, role, in_team=True) if role == "teacher" else person_with(con, role)
    con.close()
    at = app_as(who, page)
    if first and first[0] == "open":  # a folded box the form is in, opened
        at.session_state[first[1]] = True
        at.run()
    elif first:
        getattr(at, first[0])(key=first[1]).set_value(first[2]).run()
    if form == "create team":  # a school without a team, chosen as a user would
        fields = {**fields, ("selectbox", "admin_team_new_school"): at.selectbox(key="admin_team_new_school").value}
    marker = next(v for (kind, key), v in fields.items() if v.startswith("Double-click check"))

    def fill_and_submit():
        for (kind, key), value in fields.items():
            getattr(at, kind)(key=key).set_value(value)
        at.button(key=submit).click().run()

    fill_and_submit()
    assert not at.error and not at.exception, [e.value for e in at.error]
    assert at.success, "a save says what was saved"
    for (kind, key) in fields:  # the text is gone, ready for the next item
        if kind in ("text_input", "text_area"):
            assert not getattr(at, kind)(key=key).value, key
    fill_and_submit()  # the second click of a double click carries the same values
    assert any("Already saved" in s.value for s in at.success), [e.value for e in at.error]
    assert _count(f"SELECT count(*) FROM {table} WHERE {column} = ?", marker) == 1

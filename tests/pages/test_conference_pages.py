"""The Conference page: every role reads the programme (a teacher's own team highlighted), only
facilitators build it; forms clear after a save, keep their input when refused (a clash, or
another facilitator's save meanwhile), and a finished year's conference is read-only."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from helpers import app_as, person_with
from research_cycle import conference, people, teams
from research_cycle.store import db
from research_cycle.store.actors import SYSTEM

PAGE = "pages/conference.py"


def texts(at) -> str:
    """What the page shows, with Markdown's escapes (of the users' text) taken out."""
    return "\n".join(e.value for kind in ("markdown", "success", "info", "warning", "error", "caption")
                     for e in getattr(at, kind)).replace("\\", "")


@pytest.fixture
def store(sample_path):
    con = db.connect(sample_path)
    ids = {c: con.execute("SELECT id FROM cycle WHERE label = ?", [c]).fetchone()[0] for c in ("2025/26", "2026/27")}
    yield con, ids
    con.close()


def open_in(who, cycle_id: int):
    """The Conference page with the sidebar's cycle set to ``cycle_id``."""
    at = app_as(who)
    at.session_state["cycle_id"] = cycle_id
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("role", ["teacher", "facilitator", "senior_leader", "administrator"])
def test_everyone_reads_last_years_programme_and_only_facilitators_build(store, role):
    con, ids = store
    who = person_with(con, role)
    con.close()
    at = open_in(who, ids["2025/26"])
    shown = texts(at)
    assert "Talk and language" in shown and "Room 2.14" in shown and "Theme: Oracy" in shown
    assert "Brookfield Primary School" in shown
    assert at.get("download_button")  # the programme (.docx)
    assert "Build the programme" not in [h.value for h in at.header]
    if role == "facilitator":
        assert "2025/26 has finished: its conference is shown as it was." in shown


def test_a_teacher_sees_their_own_slot_highlighted(store):
    con, ids = store
    teacher = person_with(con, "teacher")
    team = con.execute("SELECT t.name FROM team_member m JOIN team t ON t.id = m.team_id WHERE m.person_id = ? "
                       "AND t.cycle_id = ?", [teacher.id, ids["2025/26"]]).fetchone()
    con.close()
    at = open_in(teacher, ids["2025/26"])
    assert team is not None
    highlighted = [s.value for s in at.success]
    assert any(f"{team[0]} presents in" in v.replace("\\", "") and "in the running order" in v for v in highlighted)
    assert "★ your team" in texts(at)


def test_a_facilitator_builds_a_session_and_a_clash_keeps_the_input(store):
    con, ids = store
    fac = person_with(con, "facilitator")
    con.close()
    at = app_as(fac, PAGE)
    assert "Build the programme" in [h.value for h in at.header]
    assert "No slot yet" in texts(at)  # nobody presents in 2026/27 yet
    at.text_input(key="conference_add_title").set_value("Belonging")
    at.time_input(key="conference_add_starts").set_value(dt.time(10, 0))
    at.text_input(key="conference_add_room").set_value("Room 2.14")
    at.button(key="FormSubmitter:conference_add-Add session").click().run()
    assert not at.exception, at.exception
    assert "Added 'Belonging' at 10:00." in texts(at)
    assert at.text_input(key="conference_add_title").value == ""  # cleared for the next session
    # The same room at the same time: refused, naming the clash, with the input kept.
    at.text_input(key="conference_add_title").set_value("Attendance")
    at.time_input(key="conference_add_starts").set_value(dt.time(10, 0))
    at.text_input(key="conference_add_room").set_value("Room 2.14")
    at.button(key="FormSubmitter:conference_add-Add session").click().run()
    assert at.error and "Room 2.14 is already used at 10:00 by 'Belonging'" in texts(at)
    assert at.text_input(key="conference_add_title").value == "Attendance"
    con = db.connect(db.db_path())
    titles = [s["title"] for s in conference.sessions(con, SYSTEM, ids["2026/27"])]
    con.close()
    assert titles == ["Belonging"]


def test_the_later_of_two_facilitators_saves_is_refused_and_kept_in_the_form(store):
    con, ids = store
    fac = person_with(con, "facilitator")
    session_id = conference.add_session(con, fac, ids["2026/27"], title="Talk", starts_at="10:00", minutes=60,
                                        room="Room 2.14")
    enquiry = con.execute("SELECT e.id FROM enquiry e JOIN team t ON t.id = e.team_id WHERE t.cycle_id = ? "
                          "ORDER BY e.id LIMIT 1", [ids["2026/27"]]).fetchone()[0]
    other = people.get_person(con, people.create_person(con, SYSTEM, name="Dr Raj Second", email="raj@uni.example.ac.uk",
                                                        roles=["facilitator"]))
    con.close()
    at = app_as(fac, PAGE)
    assert not [t for t in at.text_input if t.key == f"conference_session_{session_id}_title"]  # folded
    at.session_state[f"conference_edit_open_{session_id}"] = True
    at.run()  # the form is loaded...
    con = db.connect(db.db_path())
    conference.set_presentations(con, other, session_id, [enquiry])  # ...and another facilitator saves meanwhile
    con.close()
    form = f"conference_session_{session_id}"
    at.text_input(key=f"{form}_title").set_value("Talk and writing")
    at.button(key=f"FormSubmitter:{form}-Save this session").click().run()
    assert at.error and "Dr Raj Second saved a change to it while you were editing" in texts(at)
    assert at.text_input(key=f"{form}_title").value == "Talk and writing"
    con = db.connect(db.db_path())
    (saved,) = conference.sessions(con, SYSTEM, ids["2026/27"])
    con.close()
    assert saved["title"] == "Talk" and [p["enquiry_id"] for p in saved["presenters"]] == [enquiry]
    # Loading their version and saving again works.
    at.button(key=f"conference_reload_{session_id}").click().run()
    assert at.multiselect(key=f"{form}_presenters").value == [enquiry]
    at.text_input(key=f"{form}_title").set_value("Talk and writing")
    at.button(key=f"FormSubmitter:{form}-Save this session").click().run()
    assert "Saved 'Talk and writing' with 1 presentation." in texts(at) and not at.error


HOSTILE = " ![x](http://evil.example/p.png) [click](http://evil.example/) $x^2$ <img src=x onerror=alert(1)> :red[red] **bold**"
INTERPRETED = [re.compile(p) for p in (r"(?<!\\)\]\(http://evil", r"(?<!\\)\$x\^2", r"(?<!\\):red\[",
                                        r"(?<![\\&])<img", r"(?<!\\)\*\*bold")]


def shown(at) -> list[str]:
    out = [str(e.value) for kind in ("title", "header", "subheader", "markdown", "caption", "info", "success",
                                     "warning", "error", "toast") for e in at.get(kind)]
    return out + [str(getattr(e, "label", "")) for kind in ("button", "download_button", "expander", "selectbox",
                                                            "multiselect", "text_input") for e in at.get(kind)]


@pytest.mark.parametrize("role", ["teacher", "facilitator"])
def test_hostile_session_text_is_shown_as_text(store, role):
    con, ids = store
    fac = person_with(con, "facilitator")
    teacher = person_with(con, "teacher", in_team=True)
    enquiry = teams.my_teams(con, teacher, ids["2026/27"])[0]["enquiry_id"]
    con.execute("UPDATE team SET name = name || ? WHERE id = (SELECT team_id FROM enquiry WHERE id = ?)", [HOSTILE, enquiry])
    conference.save_conference(con, fac, ids["2026/27"], held_on="2027-07-02", venue="Hall" + HOSTILE,
                               starts_at="09:00", ends_at="15:30")
    session_id = conference.add_session(con, fac, ids["2026/27"], title="Talk" + HOSTILE, starts_at="10:00",
                                        minutes=60, room="Room" + HOSTILE, theme="Oracy" + HOSTILE)
    conference.set_presentations(con, fac, session_id, [enquiry])
    con.close()
    at = app_as(teacher if role == "teacher" else fac, PAGE)
    texts_shown = shown(at)
    assert sum("onerror" in t for t in texts_shown) >= 3
    for text in texts_shown:
        for pattern in INTERPRETED:
            assert not pattern.search(text), (pattern.pattern, text[:300])

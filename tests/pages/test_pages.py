"""Page tests under Streamlit's AppTest, on a private copy of the sample alliance."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from helpers import app_as, person_with
from research_cycle import enquiries, teams
from research_cycle.navigation import ROLE_ORDER, screens_for
from research_cycle.store import db
from research_cycle.store.actors import SYSTEM
from research_cycle.store.formatting import md_escape

PAGES_BY_ROLE = {role: [s.file for s in screens_for((role,))] for role in ROLE_ORDER}


def texts(at) -> str:
    """Everything the page wrote as markdown, captions, alerts and titles, as one string."""
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info", "success",
                                  "warning", "error") for e in getattr(at, kind)]
    parts += [e.value for e in at.get("html")]  # the question history's differences are HTML
    return "\n".join(str(p) for p in parts)


@pytest.fixture
def store(sample_path):
    con = db.connect(sample_path)
    yield con
    con.close()


def emails(store) -> dict[str, str]:
    return {
        "teacher": person_with(store, "teacher", in_team=True).email,
        "facilitator": person_with(store, "facilitator").email,
        "senior_leader": person_with(store, "senior_leader").email,
        "administrator": person_with(store, "administrator").email,
    }


@pytest.mark.parametrize("role", list(PAGES_BY_ROLE))
def test_every_page_runs_for_every_role(sample_path, role):
    con = db.connect(sample_path)
    email = emails(con)[role]
    con.close()
    at = app_as(email)
    at.run()
    assert not at.exception, at.exception
    for page in PAGES_BY_ROLE[role]:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert at.title, page


def test_navigation_depends_on_roles(sample_path):
    con = db.connect(sample_path)
    found = emails(con)
    con.close()
    at = app_as(found["senior_leader"])
    at.run()
    assert at.title[0].value == "Alliance digest"  # senior leaders start on the summaries
    at = app_as(found["teacher"])
    at.run()
    assert at.title[0].value == "My enquiry"


def test_pages_refuse_roles_without_permission(store, sample_path):
    """Hiding a page is not the only protection: run the Administration page directly as a
    senior leader and it refuses with the reason, showing nothing else."""
    from research_cycle import cycles

    senior = person_with(store, "senior_leader")
    at = AppTest.from_file(str(db.PROJECT_ROOT / "pages" / "administration.py"), default_timeout=30)
    at.user = {"is_logged_in": True, "email": senior.email}
    at.session_state["signed_in"] = senior
    at.session_state["cycle"] = cycles.current_cycle(store)
    at.run()
    assert not at.exception
    assert at.error and "cannot manage the alliance" in at.error[0].value
    assert not at.tabs  # nothing of the page is shown


def test_my_enquiry_shows_team_stage_ribbon_and_dates(store, sample_path):
    teacher = person_with(store, "teacher", in_team=True)
    cycle_id = store.execute("SELECT id FROM cycle WHERE label = '2026/27'").fetchone()[0]
    team = teams.my_teams(store, teacher, cycle_id)[0]
    at = app_as(teacher.email)
    at.run()
    page = texts(at)
    assert "Current stage" in page or "Every stage is complete" in page
    for stage in ("Question", "Evidence", "Critique", "Action", "Conference"):
        assert f"**{stage}**" in page
    assert "Ethics plan agreed" in page
    assert "Coming up" in page and "Dec 2026" in page  # next date after 22 Nov 2026
    assert team["school"].split()[0] in page


def test_question_revision_flow(store, sample_path):
    teacher = person_with(store, "teacher", in_team=True)
    cycle_id = store.execute("SELECT id FROM cycle WHERE label = '2026/27'").fetchone()[0]
    enquiry_id = teams.my_teams(store, teacher, cycle_id)[0]["enquiry_id"]
    before = len(enquiries.revisions(store, SYSTEM, enquiry_id))
    store.close()

    at = app_as(teacher.email)
    at.run()
    at.switch_page("pages/question.py").run()
    at.text_area(key="question_question").set_value("What helps our quietest pupils to join in with talk?")
    at.text_input(key="question_reason").set_value("Critical friends asked whose voices we hear")
    at.text_input(key="question_prompted_by").set_value("Cross-school meeting 1")
    at.button(key="FormSubmitter:question_form-Save").click().run()
    assert not at.exception
    assert any("Saved the enquiry" in s.value.replace("\\", "") for s in at.success)
    assert "Critical friends asked whose voices we hear" in texts(at)

    con = db.connect(db.db_path())
    revs = enquiries.revisions(con, SYSTEM, enquiry_id)
    con.close()
    assert len(revs) == before + 1
    assert revs[-1]["question"] == "What helps our quietest pupils to join in with talk?"
    assert revs[-1]["prompted_by"] == "Cross-school meeting 1"
    assert revs[-1]["revised_by"] == teacher.name


def test_refused_save_keeps_what_was_typed(store, sample_path):
    teacher = person_with(store, "teacher", in_team=True)
    store.close()
    at = app_as(teacher.email)
    at.run()
    at.switch_page("pages/question.py").run()
    at.text_area(key="question_question").set_value("A new question with no reason given?")
    at.button(key="FormSubmitter:question_form-Save").click().run()
    assert at.error and "Not saved" in at.error[0].value and "Reason for the change" in at.error[0].value
    assert at.text_area(key="question_question").value == "A new question with no reason given?"


def test_users_markup_is_shown_as_text(store, sample_path):
    teacher = person_with(store, "teacher", in_team=True)
    store.close()
    question = "Do <b>tags</b>, **stars** and :red[colour] stay as typed?"
    at = app_as(teacher.email)
    at.run()
    at.switch_page("pages/question.py").run()
    at.text_area(key="question_question").set_value(question)
    at.text_input(key="question_reason").set_value("Testing <i>markup</i>")
    at.button(key="FormSubmitter:question_form-Save").click().run()
    assert not at.error
    page = texts(at)
    assert "&lt;b&gt;tags&lt;/b&gt;" in page and "<b>tags" not in page  # the diff is escaped HTML
    assert md_escape("Testing <i>markup</i>") in page
    at.switch_page("pages/my_enquiry.py").run()
    assert md_escape(question) in texts(at)  # Markdown characters are escaped, so shown literally


def test_demo_mode_chooser_and_banner(sample_path, monkeypatch, store):
    monkeypatch.setenv("WORKBENCH_DEMO", "1")
    facilitator = person_with(store, "facilitator")
    store.close()
    at = app_as(None)
    at.run()
    assert not at.exception
    assert any("Demo" in i.value for i in at.info)
    chooser = at.sidebar.selectbox(key="demo_person_id")
    chooser.set_value(facilitator.id).run()
    assert at.title[0].value == "Programme overview"
    assert at.query_params["as"] == str(facilitator.id)


def test_without_demo_or_sign_in_nobody_gets_in(sample_path):
    at = app_as(None)
    at.run()
    assert any("Sign-in is not set up" in i.value for i in at.info)
    at = app_as("stranger@nowhere.example.org")
    at.run()
    assert any("nobody with that email" in e.value for e in at.error)


def test_cycle_switch_shows_last_year(store, sample_path):
    facilitator = person_with(store, "facilitator")
    old = store.execute("SELECT id FROM cycle WHERE label = '2025/26'").fetchone()[0]
    n_old = store.execute("SELECT count(*) FROM team WHERE cycle_id = ?", [old]).fetchone()[0]
    store.close()
    at = app_as(facilitator.email)
    at.run()
    assert "2026/27" in texts(at)
    at.sidebar.selectbox(key="cycle_id").set_value(old).run()
    assert "2025/26 finished on 31 Jul 2026" in texts(at)
    assert at.metric[1].value == str(n_old)


def test_overview_lists_left_out_schools(store, sample_path):
    facilitator = person_with(store, "facilitator")
    no_team = store.execute(
        "SELECT name FROM school WHERE id NOT IN (SELECT school_id FROM team t JOIN cycle c ON c.id = t.cycle_id "
        "WHERE c.label = '2026/27') ORDER BY pct_pupil_premium DESC").fetchall()
    store.close()
    at = app_as(facilitator.email)
    at.run()
    assert [t.label for t in at.tabs] == ["Needs a nudge", "Teams and stage checklists", "Left out"]
    assert at.metric[4].label == "Schools left out" and int(at.metric[4].value) >= len(no_team)
    at.session_state["overview_tab"] = "Left out"
    at.run()
    left = at.dataframe[0].value  # the one table made: the open tab's
    assert [n for (n,) in no_team] == list(left[left["Why"] == "No team this cycle"]["School"])


def test_overview_puts_teams_needing_a_nudge_above_the_grid(store, sample_path):
    """At 1400 px the full grid scrolls sideways, so why a team is stuck, its open critique and
    overdue follow-ups come first (the first tab), in five columns."""
    facilitator = person_with(store, "facilitator")
    store.close()
    at = app_as(facilitator.email)
    at.run()
    nudge = at.dataframe[0].value  # the first tab, open at first
    at.session_state["overview_tab"] = "Teams and stage checklists"
    at.run()
    grid = at.dataframe[0].value
    assert list(nudge.columns) == ["School", "Current stage", "Stuck because", "Open critique", "Overdue follow-ups"]
    needing = grid[(grid["Stuck because"] != "") | (grid["Open critique"] > 0) | (grid["Overdue follow-ups"] > 0)]
    assert len(needing) > 0 and sorted(nudge["School"]) == sorted(needing["School"])


def test_admin_adds_school_and_bad_urn_is_refused(store, sample_path):
    admin = person_with(store, "administrator")
    store.close()
    at = app_as(admin.email)
    at.run()
    assert at.title[0].value == "Administration"
    assert not [t for t in at.text_input if t.key == "admin_school_new_urn"]  # folded until opened
    at.session_state["admin_schools_add_open"] = True  # Schools is the section shown first
    at.run()
    at.text_input(key="admin_school_new_urn").set_value("12AB")
    at.text_input(key="admin_school_new_name").set_value("Canal Side Primary")
    at.button(key="FormSubmitter:admin_school_new-Save school").click().run()
    assert at.error and "URN" in at.error[0].value and "6 digits" in at.error[0].value
    assert at.text_input(key="admin_school_new_name").value == "Canal Side Primary"
    at.text_input(key="admin_school_new_urn").set_value("199999")
    at.number_input(key="admin_school_new_pp").set_value(48.5)
    at.button(key="FormSubmitter:admin_school_new-Save school").click().run()
    assert any("Added Canal Side Primary" in s.value.replace("\\", "") for s in at.success)
    con = db.connect(db.db_path())
    assert con.execute("SELECT pct_pupil_premium FROM school WHERE urn = '199999'").fetchone() == (48.5,)
    assert con.execute("SELECT count(*) FROM change_log WHERE entity = 'school' AND actor_id = ?",
                       [admin.id]).fetchone() == (1,)
    con.close()


def test_admin_creates_cycle_with_default_calendar_and_team(store, sample_path):
    admin = person_with(store, "administrator")
    store.close()
    at = app_as(admin.email)
    at.run()
    at.session_state["admin_section"] = "Cycles and calendar"
    at.run()
    at.text_input(key="admin_cycle_label").set_value("2027/28")
    at.button(key="FormSubmitter:admin_cycle_new-Create cycle").click().run()
    assert any("Created cycle 2027/28 with the default calendar" in s.value.replace("\\", "") for s in at.success)
    con = db.connect(db.db_path())
    cid = con.execute("SELECT id FROM cycle WHERE label = '2027/28'").fetchone()[0]
    assert con.execute("SELECT count(*) FROM milestone WHERE cycle_id = ?", [cid]).fetchone()[0] == 13
    con.close()


def test_teams_follow_the_sidebar_cycle_and_the_change_log_reads_plainly(store, sample_path):
    admin = person_with(store, "administrator")
    old = store.execute("SELECT id FROM cycle WHERE label = '2025/26'").fetchone()[0]
    old_teams = {r[0] for r in store.execute("SELECT name FROM team WHERE cycle_id = ?", [old]).fetchall()}
    store.close()
    at = app_as(admin.email)
    at.run()
    at.sidebar.selectbox(key="cycle_id").set_value(old).run()
    at.segmented_control(key="admin_section").set_value("Teams").run()
    assert not at.exception
    assert set(at.dataframe[0].value["name"]) == old_teams
    at.segmented_control(key="admin_section").set_value("Change log").run()
    log = at.dataframe[0].value
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", log["when"].iloc[0])
    assert "_" not in " ".join(log["what"])  # "Clinic booking", not "clinic_booking"
    assert log["changes"].str.contains("→").any()
    at.selectbox(key="admin_log_what").set_value("enquiry").run()
    assert set(at.dataframe[0].value["what"]) == {"Enquiry"}


def test_my_enquiry_says_what_to_do_next(store, sample_path):
    """Open critique, a clinic to come, a follow-up, the latest evidence and the next date are on
    My enquiry; a follow-up whose date has passed says it is overdue."""
    import datetime as dt

    from research_cycle import clinics, critique, cycles, evidence, overview
    from research_cycle.store import clock

    teacher = person_with(store, "teacher", in_team=True)
    facilitator = person_with(store, "facilitator")
    cycle = cycles.current_cycle(store)
    team = teams.my_teams(store, teacher, cycle["id"])[0]
    critique.add_critique(store, facilitator, team["enquiry_id"], kind="question",
                          text="Which pupils have not been heard at all yet?")
    starts = dt.datetime.combine(clock.today() + dt.timedelta(days=9), dt.time(15, 30))
    slot = clinics.publish_slot(store, facilitator, cycle_id=cycle["id"], starts_at=starts, minutes=30,
                                place="Room 4, Beech Hill")
    booking = clinics.book(store, teacher, slot, team_id=team["id"], topic="Coding pupil interviews")
    clinics.add_follow_up(store, facilitator, booking, what="Share two coded transcripts", who="Team lead",
                          due_on=clock.today() + dt.timedelta(days=12))
    latest = evidence.list_evidence(store, teacher, team["enquiry_id"]).iloc[0]["title"]
    store.close()

    at = app_as(teacher.email)
    at.run()
    page = texts(at)
    assert "What to do next" in page
    assert "Which pupils have not been heard at all yet?" in md_unescape(page)
    assert "Coding pupil interviews" in md_unescape(page) and starts.strftime("%d %b %Y, %H:%M") in page
    assert "Share two coded transcripts" in md_unescape(page) and "overdue" not in page
    assert latest in md_unescape(page)
    assert any(link.label.startswith("Answer critique") for link in at.get("page_link"))

    con = db.connect(sample_path)
    later = overview.next_steps(con, teacher, team, cycle, now=starts + dt.timedelta(days=5))
    con.close()
    assert later["bookings"].empty  # the clinic has happened
    assert list(later["follow_ups"]["overdue"]) == [True]


def md_unescape(text: str) -> str:
    """Markdown escapes removed, to compare with what the user typed."""
    return re.sub(r"\\(.)", r"\1", text)

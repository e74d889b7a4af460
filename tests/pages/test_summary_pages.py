"""The summary pages (Alliance digest, Equity, Schools) under AppTest, on a copy of the sample
alliance: every page for every role that has it, in both cycles; a head teacher sees their own
school's page and no other; the TSA lead chooses among every school; others are refused."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from helpers import app_as, person_with
from research_cycle import cycles, people, schools
from research_cycle.navigation import SCREENS, SUMMARY_SCREENS
from research_cycle.store import db
from research_cycle.store.actors import SYSTEM

PAGES = [SCREENS[k].file for k in SUMMARY_SCREENS]


def texts(at) -> str:
    parts = [e.value for kind in ("title", "subheader", "markdown", "caption", "info", "success", "warning", "error")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


@pytest.fixture
def readers(sample_path):
    """Email of a head teacher (a senior leader of a school, not teaching), the TSA lead (a senior
    leader with no school, added here), a facilitator, an administrator and a teacher."""
    con = db.connect(sample_path)
    head = next(p for p in people.list_people(con, SYSTEM).itertuples()
                if list(p.roles) == ["senior_leader"] and p.school)
    people.create_person(con, SYSTEM, name="Lena Lead", email="lead@northvale-tsa.example.org.uk",
                         roles=["senior_leader"])
    found = {"head": people.get_person(con, int(head.id)), "lead": people.by_email(con, "lead@northvale-tsa.example.org.uk"),
             "facilitator": person_with(con, "facilitator"), "administrator": person_with(con, "administrator"),
             "teacher": person_with(con, "teacher", in_team=True),
             "schools": schools.list_schools(con), "cycles": cycles.list_cycles(con)}
    con.close()
    return found


@pytest.mark.parametrize("who", ["head", "lead", "facilitator", "administrator"])
def test_every_summary_page_runs_in_both_cycles(readers, who):
    for cycle in readers["cycles"]:
        at = app_as(readers[who])
        at.session_state["cycle_id"] = cycle["id"]
        at.run()
        assert not at.exception, at.exception
        for page in PAGES:
            at.switch_page(page).run()
            assert not at.exception, (page, cycle["label"], at.exception)
            assert cycle["label"] in texts(at), page


def test_a_head_teacher_starts_on_the_digest_and_sees_only_their_school(readers):
    head = readers["head"]
    at = app_as(head)
    at.run()
    assert at.title[0].value == "Alliance digest"
    at.switch_page("pages/school_summary.py").run()
    name = readers["schools"].set_index("id").loc[head.school_id, "name"]
    assert at.title[0].value == f"Our school: {name}"
    assert all(s.key != "school_chosen" for s in at.selectbox)  # nothing to choose


def test_the_tsa_lead_chooses_any_school(readers):
    at = app_as(readers["lead"], "pages/school_summary.py")
    assert at.title[0].value == "Schools"
    box = at.selectbox(key="school_chosen")
    assert sorted(box.options) == sorted(readers["schools"]["name"])
    target = readers["schools"].sort_values("pct_pupil_premium").iloc[0]
    box.select(int(target["id"])).run()
    assert not at.exception
    assert not at.table or at.table[-1].value.columns[0] != "Cycle"  # the years are folded in their tab
    at.session_state["school_tab"] = "Across the years"
    at.run()
    assert not at.exception
    years = at.table[-1].value if at.table else at.dataframe[-1].value
    assert years.columns[0] == "Cycle" and len(years) >= 1


def test_summary_pages_refuse_a_teacher(readers, sample_path):
    """Run straight (not through the navigation), each page refuses a teacher with the reason."""
    con = db.connect(sample_path)
    current = cycles.current_cycle(con)
    con.close()
    for page in PAGES:
        at = AppTest.from_file(str(db.PROJECT_ROOT / page), default_timeout=30)
        at.user = {"is_logged_in": True, "email": readers["teacher"].email}
        at.session_state["signed_in"] = readers["teacher"]
        at.session_state["cycle"] = current
        at.run()
        assert not at.exception, page
        assert at.error and readers["teacher"].name in at.error[0].value, page
        assert not at.dataframe, page

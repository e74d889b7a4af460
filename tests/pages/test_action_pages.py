"""The Action page under AppTest: a teacher adds an action (the form clears, a double click is
stored once, a refused save keeps the text), edits it while a teammate saves (the later save is
refused, nothing lost), records an impact review with a data set comparison drawn through
disclosure control; overdue reviews stand out; facilitators read any team's plan; a finished year
is read-only."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from helpers import app_as, person_with
from research_cycle import actions, datasets, evidence, findings, people, teams
from research_cycle.store import db, permissions
from research_cycle.store.actors import SYSTEM

PAGE = "pages/action_plan.py"



def _opened(at, box: str):
    """Open a folded box the way a user does (its content is made only while it is open)."""
    at.session_state[box] = True
    at.run()
    assert not at.exception, at.exception
    return at

def _count(sql, *params):
    con = db.connect(db.db_path())
    try:
        return con.execute(sql, list(params)).fetchone()[0]
    finally:
        con.close()


@pytest.fixture
def team(sample_path):
    con = db.connect(sample_path)
    teacher = person_with(con, "teacher", in_team=True)
    cycle_id = con.execute("SELECT id FROM cycle WHERE label = '2026/27'").fetchone()[0]
    mine = teams.my_teams(con, teacher, cycle_id)[0]
    found = SimpleNamespace(
        teacher=teacher, facilitator=person_with(con, "facilitator"), cycle_id=cycle_id, team_id=mine["id"],
        school=mine["school"],
        enquiry_id=mine["enquiry_id"],
        finding_ids=[int(i) for i in findings.list_findings(con, teacher, mine["enquiry_id"])["id"]])
    con.close()
    return found


def _add(team, **values):
    con = db.connect(db.db_path())
    try:
        fields = {"strategy": "Talk partners in every class", "owner": "Year 3 team", "starts_on": "2026-11-02",
                  "review_on": "2027-01-15", "success_criteria": "Pupils speak in pairs", **values}
        return actions.add_action(con, team.teacher, team.enquiry_id, **fields)
    finally:
        con.close()


def _fill_new(at, strategy, *, starts=dt.date(2026, 11, 2), review=dt.date(2027, 1, 15), findings_=()):
    if not [t for t in at.text_area if t.key == "action_new_strategy"]:  # folded once the plan has an action
        _opened(at, "action_add_open")
    at.text_area(key="action_new_strategy").set_value(strategy)
    at.multiselect(key="action_new_findings").set_value(list(findings_))
    at.text_input(key="action_new_owner").set_value("Mrs Patel")
    at.date_input(key="action_new_starts").set_value(starts)
    at.date_input(key="action_new_review").set_value(review)
    at.text_area(key="action_new_criteria").set_value("Every pupil speaks in pairs twice a lesson")
    return at.button(key="FormSubmitter:action_new-Add action").click().run()


def test_a_teacher_adds_an_action_linked_to_a_finding_and_the_form_clears(team):
    at = app_as(team.teacher, PAGE)
    before = _count("SELECT count(*) FROM action_item")
    _fill_new(at, "Sentence stems on every table", findings_=team.finding_ids[:1])
    assert not at.exception and any("Added the action" in s.value for s in at.success), [e.value for e in at.error]
    assert at.text_area(key="action_new_strategy").value == ""
    assert _count("SELECT count(*) FROM action_item") == before + 1
    assert _count("SELECT count(*) FROM action_finding f JOIN action_item a ON a.id = f.action_id "
                  "WHERE a.strategy = 'Sentence stems on every table'") == 1
    shown = "\n".join(m.value for m in at.markdown)
    assert "Sentence stems on every table" in shown and "Prompted by" in shown
    # The second click of a double click is not a second action.
    _fill_new(at, "Sentence stems on every table", findings_=team.finding_ids[:1])
    assert any("Already saved" in s.value for s in at.success)
    assert _count("SELECT count(*) FROM action_item") == before + 1


def test_a_refused_action_keeps_what_was_typed(team):
    at = app_as(team.teacher, PAGE)
    before = _count("SELECT count(*) FROM action_item")
    _fill_new(at, "Word of the week", starts=dt.date(2026, 12, 1), review=dt.date(2026, 11, 1))
    assert at.error and "Review date" in at.error[0].value and "before the start" in at.error[0].value
    assert at.text_area(key="action_new_strategy").value == "Word of the week"
    assert _count("SELECT count(*) FROM action_item") == before


def test_a_teammates_save_meanwhile_refuses_the_later_save_and_keeps_it_in_the_form(team):
    action_id = _add(team)
    at = _opened(app_as(team.teacher, PAGE), f"action_edit_open_{action_id}")
    form = f"action_edit_{action_id}"
    # A teammate saves the same action while this teacher is still editing.
    con = db.connect(db.db_path())
    mate = people.create_person(con, SYSTEM, name="Mo Mate", email="mo.mate@example.sch.uk",
                                school_id=teams.get_team(con, team.team_id)["school_id"], roles=["teacher"])
    teams.add_member(con, SYSTEM, team.team_id, mate)
    actions.update_action(con, people.get_person(con, mate), action_id, status="in progress")
    con.close()
    at.text_input(key=f"{form}_owner").set_value("Mr Jones")
    at.button(key=f"FormSubmitter:{form}-Save action").click().run()
    assert at.error and "while you were editing" in at.error[0].value
    assert at.text_input(key=f"{form}_owner").value == "Mr Jones"
    assert _count("SELECT owner || '/' || status FROM action_item WHERE id = ?", action_id) == "Year 3 team/in progress"
    # A fresh page loads their version, and saving over it now works.
    at = _opened(app_as(team.teacher, PAGE), f"action_edit_open_{action_id}")
    at.text_input(key=f"{form}_owner").set_value("Mr Jones")
    at.button(key=f"FormSubmitter:{form}-Save action").click().run()
    assert any("Saved the action" in s.value for s in at.success), [e.value for e in at.error]
    assert _count("SELECT owner || '/' || status FROM action_item WHERE id = ?", action_id) == "Mr Jones/in progress"


def test_an_impact_review_with_a_data_set_comparison_is_drawn(team):
    con = db.connect(db.db_path())
    stored = datasets.list_datasets(con, team.teacher, team.enquiry_id)
    log = evidence.list_evidence(con, team.teacher, team.enquiry_id)
    consented = set(log.loc[log["consent"] != "withdrawn", "id"].astype(int))
    usable = [int(r.id) for r in stored.itertuples() if int(r.evidence_id) in consented]
    item = int(log.loc[log["consent"] != "withdrawn", "id"].iloc[0])
    con.close()
    if not usable:
        pytest.skip("the sample team has no data set")
    action_id = _add(team)
    at = app_as(team.teacher, PAGE)
    assert not [t for t in at.text_area if t.key == f"action_review_{action_id}_what"]  # folded until opened
    at = _opened(at, f"action_review_open_{action_id}")
    form = f"action_review_{action_id}"
    at.selectbox(key=f"{form}_dataset").set_value(usable[0]).run()
    at.text_area(key=f"{form}_what").set_value("More pupils answered in full sentences")
    at.multiselect(key=f"{form}_evidence").set_value([item])
    at.text_input(key=f"{form}_others").set_value("Year 3 girls; ")
    at.button(key=f"FormSubmitter:{form}-Add impact review").click().run()
    assert any("Added the impact review" in s.value for s in at.success), [e.value for e in at.error]
    review_id = _count("SELECT max(id) FROM impact_review WHERE action_id = ?", action_id)
    assert _count("SELECT dataset_id FROM impact_review WHERE id = ?", review_id) == usable[0]
    assert _count("SELECT count(*) FROM impact_evidence WHERE review_id = ?", review_id) == 1
    assert "Year 3 girls" in _count("SELECT array_to_string(for_whom, '|') FROM impact_review WHERE id = ?", review_id)
    assert _count("SELECT chart FROM impact_review WHERE id = ?", review_id)
    assert at.get("vega_lite_chart"), "the comparison is drawn (through st_glue.dataset_chart)"
    assert any("More pupils answered in full sentences" in m.value for m in at.markdown)


def _overview_grid(facilitator):
    """The Programme overview with its every-team grid open."""
    at = app_as(facilitator, "pages/programme_overview.py")
    at.session_state["overview_tab"] = "Teams and stage checklists"
    at.run()
    return at


def test_overdue_reviews_stand_out_here_on_my_enquiry_and_the_overview_and_facilitators_read_any_plan(team):
    at = _overview_grid(team.facilitator)
    before = next(d.value for d in at.dataframe if "Overdue reviews" in d.value.columns).set_index("School")
    _add(team, strategy="Word walls", starts_on="2026-10-01", review_on="2026-11-10")
    at = app_as(team.teacher, PAGE)
    assert any("overdue" in w.value and "Word walls" in w.value for w in at.warning)
    assert any("Impact review overdue since 10 Nov 2026" in e.value for e in at.error)
    at = app_as(team.teacher, "pages/my_enquiry.py")
    assert any("Impact review of 'Word walls'" in m.value and "overdue since 10 Nov 2026" in m.value
               for m in at.markdown)
    at = _overview_grid(team.facilitator)
    grid = next(d.value for d in at.dataframe if "Overdue reviews" in d.value.columns).set_index("School")
    assert grid.loc[team.school, "Overdue reviews"] == before.loc[team.school, "Overdue reviews"] + 1
    assert grid["Overdue reviews"].sum() == before["Overdue reviews"].sum() + 1
    at = app_as(team.facilitator, PAGE)
    if at.selectbox(key="action_enquiry") is not None:
        at.selectbox(key="action_enquiry").set_value(team.enquiry_id).run()
    assert not at.exception
    assert any("Word walls" in m.value for m in at.markdown)
    assert not [t for t in at.text_area if t.key and t.key.startswith("action_")]
    assert not [b for b in at.button if b.key and b.key.startswith("action_")]


def test_a_finished_year_is_shown_read_only(sample_path):
    con = db.connect(sample_path)
    cycle_id = con.execute("SELECT id FROM cycle WHERE label = '2025/26'").fetchone()[0]
    member = con.execute("SELECT m.person_id, t.enquiry_id FROM team_member m JOIN (SELECT t.id, e.id AS enquiry_id "
                         "FROM team t JOIN enquiry e ON e.team_id = t.id WHERE t.cycle_id = ?) t ON t.id = m.team_id "
                         "ORDER BY m.person_id LIMIT 1", [cycle_id]).fetchone()
    teacher = people.get_person(con, member[0])
    with permissions.recording_history():
        actions.add_action(con, teacher, member[1], strategy="Reading buddies", owner="KS2", starts_on="2026-03-02",
                           review_on="2026-05-01", when=dt.datetime(2026, 3, 2, 16))
    con.close()
    at = app_as(teacher)
    at.session_state["cycle_id"] = cycle_id
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert any("has finished" in i.value for i in at.info)
    assert any("Reading buddies" in m.value for m in at.markdown)
    assert not at.error  # a finished year flags nothing overdue
    assert not [t for t in at.text_area if t.key and t.key.startswith("action_")]


def test_a_critique_answer_offers_the_enquirys_actions(team):
    from research_cycle import critique

    action_id = _add(team, strategy="Lunchtime talk club")
    con = db.connect(db.db_path())
    item = critique.add_critique(con, team.facilitator, team.enquiry_id, kind="suggestion",
                                 text="Could talk partners carry on at lunchtime?")
    con.close()
    at = app_as(team.teacher, "pages/critique.py")
    at.session_state[f"critique_answering_open_{item}"] = True  # "Answer this item", opened
    at.run()
    at.radio(key=f"critique_accept_{item}").set_value("Accepted")
    at.text_area(key=f"critique_answer_text_{item}").set_value("We started a lunchtime club")
    box = at.selectbox(key=f"critique_action_{item}")
    assert "Lunchtime talk club" in box.options
    box.set_value(action_id)
    at.button(key=f"FormSubmitter:critique_answer_{item}-Save answer").click().run()
    assert not at.exception and any("Saved the answer" in s.value for s in at.success), [e.value for e in at.error]
    assert _count("SELECT response_action_id FROM critique_item WHERE id = ?", item) == action_id
    assert any("new action: Lunchtime talk club" in m.value for m in at.markdown)

import datetime as dt

from research_cycle import checklists, cycles, enquiries, overview, schools, teams
from research_cycle.store.actors import SYSTEM


def test_default_calendar_follows_the_english_school_year():
    cal = {(title, kind): day for title, kind, day in cycles.default_calendar(2026)}
    days = [day for _, _, day in cycles.default_calendar(2026)]
    assert days == sorted(days)
    assert cal[("Launch: teams form and choose a focus", "launch")].month == 9
    assert cal[("Enquiry question agreed", "question")] == dt.date(2026, 10, 16)
    meetings = [d for _, k, d in cycles.default_calendar(2026) if k == "meeting"]
    assert [(d.month, d.weekday()) for d in meetings] == [(11, 3), (3, 3), (6, 3)]
    assert meetings[0] == dt.date(2026, 11, 12)
    clinics = [d for _, k, d in cycles.default_calendar(2026) if k == "clinic"]
    assert len(clinics) == 4 and all(d.month in (12, 1, 2) and d.weekday() == 2 for d in clinics)
    conference = [d for _, k, d in cycles.default_calendar(2026) if k == "conference"][0]
    assert conference.month == 7 and conference.day <= 7


def test_new_cycle_gets_calendar_and_checklists(con):
    cid = cycles.create_cycle(con, SYSTEM, label="2026/27", starts_on="2026-09-01", ends_on="2027-07-31")
    assert len(cycles.milestones(con, cid)) == len(cycles.default_calendar(2026))
    assert [i["item_key"] for i in checklists.items_for_cycle(con, cid)] == [k for _, k, _ in checklists.DEFAULT_ITEMS]
    empty = cycles.create_cycle(con, SYSTEM, label="2027/28", starts_on="2027-09-01", ends_on="2028-07-31",
                                with_default_calendar=False)
    assert cycles.milestones(con, empty).empty


def test_current_cycle_and_upcoming_dates(con):
    old = cycles.create_cycle(con, SYSTEM, label="2025/26", starts_on="2025-09-01", ends_on="2026-07-31")
    new = cycles.create_cycle(con, SYSTEM, label="2026/27", starts_on="2026-09-01", ends_on="2027-07-31")
    assert cycles.current_cycle(con, dt.date(2026, 11, 22))["id"] == new
    assert cycles.current_cycle(con, dt.date(2026, 3, 1))["id"] == old
    assert cycles.current_cycle(con, dt.date(2026, 8, 15))["id"] == old  # summer break: the one just finished
    nxt = cycles.upcoming(con, new, today=dt.date(2026, 11, 22), limit=2)
    assert [m["title"] for m in nxt] == ["Evidence gathering begins", "Research clinic"]


def test_save_calendar_replaces_it_and_is_logged(con):
    cid = cycles.create_cycle(con, SYSTEM, label="2026/27", starts_on="2026-09-01", ends_on="2027-07-31")
    cycles.save_calendar(con, SYSTEM, cid, [{"title": "Conference", "kind": "conference", "due_on": dt.date(2027, 7, 8)},
                                            {"title": "Launch", "kind": "launch", "due_on": "2026-09-10"}])
    assert list(cycles.milestones(con, cid)["title"]) == ["Launch", "Conference"]
    assert con.execute("SELECT count(*) FROM change_log WHERE entity = 'calendar'").fetchone()[0] == 1


def test_question_checklist_ticks_from_the_data(con, world):
    t, eid = world["teacher"], world["enquiry"]
    check = checklists.for_team(con, SYSTEM, world["team"])
    assert check.current_stage == "Question" and check.progress("Question") == (0, 3)
    enquiries.update_enquiry(con, t, eid, {"focus": "Attendance", "question": "Why?"})
    assert checklists.for_team(con, SYSTEM, world["team"]).progress("Question") == (1, 3)
    enquiries.update_enquiry(con, t, eid, {"target_groups": ["Persistent absentees"], "ethics_plan": "Consent",
                                           "ethics_agreed": True})
    check = checklists.for_team(con, SYSTEM, world["team"])
    assert check.stage_complete("Question") and check.current_stage == "Evidence"
    assert [i.done for i in check.stage_items("Evidence")] == [False, False, False]


def test_rules_for_later_stages_read_their_facts():
    facts = {"team_id": 1, "focus": "f", "question": "q", "target_groups": ["Boys"], "ethics_agreed": True,
             "evidence_practice": 3, "evidence_research": 1, "evidence_methods": 2, "evidence_pupil_voice": 1}
    items = [{"stage": s, "item_key": k, "label": label} for s, k, label in checklists.DEFAULT_ITEMS]
    check = checklists.evaluate(items, facts)
    assert check.stage_complete("Evidence") and check.current_stage == "Critique"
    assert not checklists.evaluate(items, {**facts, "evidence_research": 0}).stage_complete("Evidence")


def test_programme_overview_and_left_out(con, world):
    enquiries.update_enquiry(con, world["teacher"], world["enquiry"], {"focus": "F", "question": "Q?"})
    third = schools.create_school(con, SYSTEM, urn="100003", name="Canal Side Primary", phase="primary",
                                  type="free school", pupils=180, pct_pupil_premium=61.0, pct_eal=40, pct_send=18)
    table = overview.programme(con, SYSTEM, world["cycle"])
    assert list(table["School"]) == ["Brookside Primary", "Hillcrest Academy"]
    assert list(table["Enquiry question"]) == ["Q?", ""]
    assert list(table["Question"]) == ["1/3", "0/3"]
    assert list(table["Current stage"]) == ["Question", "Question"]
    left = overview.left_out(con, SYSTEM, world["cycle"])
    assert list(left["School"]) == ["Canal Side Primary", "Brookside Primary", "Hillcrest Academy"]  # most disadvantaged first
    assert list(left["Why"]) == ["No team this cycle", "No clinic yet", "No question yet; No clinic yet"]
    teams.create_team(con, SYSTEM, cycle_id=world["cycle"], school_id=third, name="Canal team")
    assert list(overview.left_out(con, SYSTEM, world["cycle"])["Why"])[0] == "No question yet; No clinic yet"


def test_stuck_reasons():
    cycle = {"starts_on": dt.date(2026, 9, 1), "ends_on": dt.date(2027, 7, 31)}
    quiet = {"last_evidence": dt.date(2026, 10, 1), "oldest_open": dt.datetime(2026, 11, 1, 10, 0),
             "overdue_follow_ups": 1, "clinics": 0, "meetings_held": 1, "pairings": 0}
    assert overview.stuck_reasons(quiet, cycle, dt.date(2026, 11, 22)) == (
        "no new evidence for 3 weeks; critique unanswered for 2 weeks; follow-up overdue; no critical friend")
    assert "no clinic by February" in overview.stuck_reasons(quiet, cycle, dt.date(2027, 2, 2))
    busy = {"last_evidence": dt.date(2026, 11, 20), "oldest_open": None, "overdue_follow_ups": 0, "clinics": 1,
            "meetings_held": 1, "pairings": 1}
    assert overview.stuck_reasons(busy, cycle, dt.date(2026, 11, 22)) == ""
    assert overview.stuck_reasons({**busy, "last_evidence": None}, cycle, dt.date(2026, 9, 10)) == ""  # too early

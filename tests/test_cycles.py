import datetime as dt

import pytest

from research_cycle import (
    checklists,
    clinics,
    critique,
    cycles,
    enquiries,
    evidence,
    findings,
    meetings,
    overview,
    people,
    schools,
    teams,
)
from research_cycle.store.actors import SYSTEM
from research_cycle.store.errors import PermissionDenied
from research_cycle.store.permissions import Action, can, recording_history
from research_cycle.store.vocab import STAGES


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
             "overdue_follow_ups": 1, "clinics": 0, "meetings_held": 1, "critical_friend_groups": 0}
    assert overview.stuck_reasons(quiet, cycle, dt.date(2026, 11, 22)) == (
        "no new evidence for 3 weeks; critique unanswered for 2 weeks; follow-up overdue; no critical friend")
    assert "no clinic by February" in overview.stuck_reasons(quiet, cycle, dt.date(2027, 2, 2))
    busy = {"last_evidence": dt.date(2026, 11, 20), "oldest_open": None, "overdue_follow_ups": 0, "clinics": 1,
            "meetings_held": 1, "critical_friend_groups": 1}
    assert overview.stuck_reasons(busy, cycle, dt.date(2026, 11, 22)) == ""
    assert overview.stuck_reasons({**busy, "last_evidence": None}, cycle, dt.date(2026, 9, 10)) == ""  # too early


def test_stuck_reasons_of_a_finished_cycle_are_empty():
    cycle = {"starts_on": dt.date(2025, 9, 1), "ends_on": dt.date(2026, 7, 31)}
    quiet = {"last_evidence": dt.date(2025, 10, 1), "oldest_open": dt.datetime(2025, 11, 1, 10, 0),
             "overdue_follow_ups": 1, "clinics": 0, "meetings_held": 1, "critical_friend_groups": 0}
    assert overview.stuck_reasons(quiet, cycle, dt.date(2026, 7, 31)) != ""  # on its last day it could still be
    assert overview.stuck_reasons(quiet, cycle, dt.date(2026, 8, 1)) == ""
    assert overview.stuck_reasons(quiet, cycle, dt.date(2026, 11, 22)) == ""
    assert overview.reference_date(cycle, dt.date(2026, 11, 22)) == dt.date(2026, 7, 31)
    assert overview.reference_date(cycle, dt.date(2026, 3, 1)) == dt.date(2026, 3, 1)
    assert overview.outcome("Complete") == "Finished" and overview.outcome("Action") == "Reached Action"


def test_the_finished_sample_year_shows_outcomes_and_nobody_stuck(sample_con):
    """The audit: in the finished 2025/26 cycle every team showed 'stuck', judged against today."""
    past, now = (next(c for c in cycles.list_cycles(sample_con) if c["label"] == label) for label in ("2025/26", "2026/27"))
    assert overview.is_finished(past) and not overview.is_finished(now)
    table = overview.programme(sample_con, SYSTEM, past["id"])
    assert len(table) >= 5
    assert (table["Stuck because"] == "").all(), table[["School", "Stuck because"]]
    assert list(table["Outcome"]) == [overview.outcome(stage) for stage in table["Current stage"]]
    assert set(table["Outcome"]) <= {"Finished", *(f"Reached {stage}" for stage in STAGES)}
    last_day = dt.datetime.combine(past["ends_on"], dt.time.max)
    assert (table["Last activity"].dropna() <= last_day).all()
    running = overview.programme(sample_con, SYSTEM, now["id"])
    assert "Outcome" not in running.columns


@pytest.fixture
def last_year(con, world):
    """The world's two schools' teams in the finished 2025/26 cycle, with a year's records."""
    past = cycles.create_cycle(con, SYSTEM, label="2025/26", starts_on="2025-09-01", ends_on="2026-07-31")
    ours, theirs = (teams.create_team(con, SYSTEM, cycle_id=past, school_id=s, name="Team 2025/26")
                    for s in world["schools"])
    teams.add_member(con, SYSTEM, ours, world["teacher"].id, is_lead=True)
    teams.add_member(con, SYSTEM, theirs, world["other_teacher"].id, is_lead=True)
    enquiry = teams.get_team(con, ours)["enquiry_id"]
    t, f = world["teacher"], world["facilitator"]
    with recording_history():
        enquiries.update_enquiry(con, t, enquiry, {"focus": "Talk", "question": "How?"},
                                 when=dt.datetime(2025, 10, 1, 16, 0))
        item = evidence.add_evidence(con, t, enquiry, {"title": "Observation", "kind": "lesson observation",
                                                       "origin": "our practice", "collected_on": "2026-06-30"},
                                     when=dt.datetime(2026, 6, 30, 16, 0))
        finding = findings.add_finding(con, t, enquiry, claim="Talk helps", evidence_ids=[item])
        meeting = meetings.schedule(con, f, cycle_id=past, title="Meeting 1", held_on="2025-11-13", team_ids=[ours, theirs])
        meetings.propose_groups(con, f, meeting)
        comment = critique.add_critique(con, f, enquiry, kind="question", text="Whose talk?", source="meeting",
                                        meeting_id=meeting)
        slot = clinics.publish_slot(con, f, cycle_id=past, starts_at=dt.datetime(2026, 1, 14, 15, 45), minutes=45,
                                    place="University", when=dt.datetime(2025, 12, 1, 9, 0))
        booking = clinics.book(con, t, slot, team_id=ours, topic="Interviews", when=dt.datetime(2026, 1, 2, 9, 0))
        follow = clinics.add_follow_up(con, f, booking, what="Pilot the questions", who="Tess", due_on="2026-02-01")
    return {"cycle": past, "team": ours, "enquiry": enquiry, "evidence": item, "finding": finding, "meeting": meeting,
            "critique": comment, "slot": slot, "booking": booking, "follow_up": follow}


def test_a_finished_year_is_read_only_except_for_administrators(con, world, last_year):
    y, t, f = last_year, world["teacher"], world["facilitator"]
    writes = {
        "edit the enquiry": lambda: enquiries.update_enquiry(con, t, y["enquiry"], {"question": "Why?"}, reason="r"),
        "add evidence": lambda: evidence.add_evidence(con, t, y["enquiry"], {"title": "Late", "kind": "interview",
                                                                             "origin": "our practice"}),
        "edit evidence": lambda: evidence.update_evidence(con, t, y["evidence"], {"notes": "more"}),
        "delete evidence": lambda: evidence.delete_evidence(con, t, y["evidence"]),
        "add a finding": lambda: findings.add_finding(con, t, y["enquiry"], claim="Another"),
        "edit a finding": lambda: findings.update_finding(con, t, y["finding"], claim="Changed"),
        "answer critique": lambda: critique.answer_critique(con, t, y["critique"], accepted=False, text="No"),
        "give critique": lambda: critique.add_critique(con, f, y["enquiry"], kind="warm", text="Good"),
        "book a clinic": lambda: clinics.book(con, t, y["slot"], team_id=y["team"], topic="Again"),
        "cancel a clinic": lambda: clinics.cancel(con, t, y["booking"]),
        "publish a clinic": lambda: clinics.publish_slot(con, f, cycle_id=y["cycle"], starts_at=dt.datetime(2026, 7, 1, 15),
                                                         minutes=30),
        "record advice": lambda: clinics.record_advice(con, f, y["booking"], notes="n", advice="a"),
        "tick a follow-up": lambda: clinics.set_follow_up_done(con, t, y["follow_up"]),
        "regroup a meeting": lambda: meetings.propose_groups(con, f, y["meeting"]),
    }
    changes = con.execute("SELECT count(*) FROM change_log").fetchone()[0]
    for name, write in writes.items():
        with pytest.raises(PermissionDenied, match=r"2025/26 finished on 31 Jul 2026.*Ask an administrator"):
            write()
        assert con.execute("SELECT count(*) FROM change_log").fetchone()[0] == changes, name
    assert not can(con, t, Action.EDIT_ENQUIRY, team_id=y["team"])  # pages hide their forms
    assert can(con, t, Action.EDIT_ENQUIRY, team_id=world["team"])  # this year's team is untouched
    # An administrator who is also on the team can still correct last year's record.
    admin = people.get_person(con, people.create_person(
        con, SYSTEM, name="Ada Teacher-Admin", email="ada.ta@brookside.example.sch.uk", school_id=world["schools"][0],
        roles=["teacher", "administrator"]))
    teams.add_member(con, SYSTEM, y["team"], admin.id)
    enquiries.update_enquiry(con, admin, y["enquiry"], {"question": "How, and for whom?"}, reason="Typo fixed")
    assert enquiries.get_enquiry(con, admin, y["enquiry"]).question == "How, and for whom?"


def test_a_finished_year_is_judged_at_its_end_date(con, world, last_year):
    y = last_year
    # A correction made after the year ended (by an administrator) is not activity in that year.
    enquiries.update_enquiry(con, SYSTEM, y["enquiry"], {"hunch": "Quiet pupils wait to be asked"})
    row = overview.programme(con, SYSTEM, y["cycle"]).set_index("team_id").loc[y["team"]]
    assert row["Last activity"] <= dt.datetime(2026, 7, 31, 23, 59, 59)
    assert row["Stuck because"] == "" and row["Outcome"] == "Reached Question"
    assert "No critical friend" not in " ".join(overview.left_out(con, SYSTEM, y["cycle"])["Why"])

"""The sample alliance's finished year is whole, and dated as it happened; `generate` gives its
past cycles the same (critique answered, clinics followed up, write-ups ready)."""

from __future__ import annotations

import datetime as dt

import pytest

from research_cycle.store import db
from research_cycle.store.vocab import WRITEUP_SECTIONS
from research_cycle.tools import generate, sample

FINISHED, RUNNING = "2025/26", "2026/27"


def _dicts(cursor) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _teams(con, label: str) -> list[dict]:
    return _dicts(con.execute("""
        SELECT t.id AS team_id, t.name, e.id AS enquiry_id
        FROM team t JOIN cycle c ON c.id = t.cycle_id JOIN enquiry e ON e.team_id = t.id
        WHERE c.label = ? ORDER BY t.id""", [label]))


def _critique(con, label: str) -> list[dict]:
    return _dicts(con.execute("""
        SELECT ci.enquiry_id, ci.meeting_id, m.held_on, ci.created_at, ci.response, ci.response_text,
               ci.responded_at, ci.response_action_id, ci.from_person_id
        FROM critique_item ci JOIN meeting m ON m.id = ci.meeting_id JOIN cycle c ON c.id = m.cycle_id
        WHERE c.label = ?""", [label]))


def _meetings(con, label: str) -> list[int]:
    return [r[0] for r in con.execute("SELECT m.id FROM meeting m JOIN cycle c ON c.id = m.cycle_id "
                                      "WHERE c.label = ?", [label]).fetchall()]


def test_every_finished_team_has_answered_critique_from_each_meeting_dated_that_day(sample_con):
    teams = _teams(sample_con, FINISHED)
    meeting_ids = _meetings(sample_con, FINISHED)
    items = _critique(sample_con, FINISHED)
    assert len(teams) == sum(r["cycle"] == FINISHED for r in sample.read_csv(sample.SAMPLE_DIR / "teams.csv"))
    assert len(meeting_ids) == 3
    for team in teams:
        mine = [i for i in items if i["enquiry_id"] == team["enquiry_id"]]
        assert {i["meeting_id"] for i in mine} == set(meeting_ids), team["name"]
    for item in items:
        assert item["created_at"].date() == item["held_on"]
        assert item["response"] in ("accepted", "not accepted") and item["response_text"].strip()
        assert item["held_on"] < item["responded_at"].date() <= dt.date(2026, 7, 31)
    # the answers that led to an action name one of the same enquiry's actions, begun by then
    led = [i for i in items if i["response_action_id"] is not None]
    assert led
    for item in led:
        enquiry_id, starts_on = sample_con.execute("SELECT enquiry_id, starts_on FROM action_item WHERE id = ?",
                                                   [int(item["response_action_id"])]).fetchone()
        assert enquiry_id == item["enquiry_id"] and starts_on <= item["responded_at"].date()


def test_critique_is_given_by_a_facilitator_or_a_critical_friend_of_another_team(sample_con):
    for item in _critique(sample_con, FINISHED):
        roles = {r[0] for r in sample_con.execute("SELECT role FROM person_role WHERE person_id = ?",
                                                  [item["from_person_id"]]).fetchall()}
        if "facilitator" in roles:
            continue
        own = sample_con.execute("SELECT 1 FROM team_member tm JOIN enquiry e ON e.team_id = tm.team_id "
                                 "WHERE e.id = ? AND tm.person_id = ?", [item["enquiry_id"], item["from_person_id"]])
        assert own.fetchone() is None


def test_the_running_years_critique_is_dated_at_its_meeting_not_the_loading_day(sample_con):
    items = _critique(sample_con, RUNNING)
    assert items
    assert {i["created_at"].date() for i in items} == {dt.date(2026, 11, 12)}
    answered = [i for i in items if i["response"]]
    assert answered and all(i["responded_at"].date() > dt.date(2026, 11, 12) for i in answered)


def test_every_finished_team_has_a_ready_writeup_before_the_conference_a_slot_and_reviewed_actions(sample_con):
    conference_day = sample_con.execute("SELECT held_on FROM conference co JOIN cycle c ON c.id = co.cycle_id "
                                        "WHERE c.label = ?", [FINISHED]).fetchone()[0]
    for team in _teams(sample_con, FINISHED):
        status, ready_at = sample_con.execute("SELECT status, ready_at FROM writeup WHERE enquiry_id = ?",
                                              [team["enquiry_id"]]).fetchone()
        assert status == "ready" and ready_at.date() < conference_day, team["name"]
        written = sample_con.execute("SELECT count(*) FROM writeup_section s JOIN writeup w ON w.id = s.writeup_id "
                                   "WHERE w.enquiry_id = ? AND trim(coalesce(s.body, '')) <> ''",
                                   [team["enquiry_id"]]).fetchone()[0]
        assert written == len(WRITEUP_SECTIONS)
        slots = sample_con.execute("SELECT count(*) FROM presentation p JOIN conference_session s ON s.id = p.session_id "
                                   "WHERE p.enquiry_id = ? AND s.deleted_at IS NULL", [team["enquiry_id"]]).fetchone()[0]
        assert slots >= 1, team["name"]
        reviews = sample_con.execute("SELECT count(*) FROM impact_review r JOIN action_item a ON a.id = r.action_id "
                                     "WHERE a.enquiry_id = ?", [team["enquiry_id"]]).fetchone()[0]
        assert reviews >= 1, team["name"]


def test_most_finished_teams_had_a_clinic_whose_follow_ups_are_done(sample_con):
    rows = sample_con.execute("""
        SELECT b.team_id, bool_and(f.done) AS all_done, count(f.id) AS follow_ups
        FROM clinic_booking b JOIN clinic_slot s ON s.id = b.slot_id JOIN cycle c ON c.id = s.cycle_id
        LEFT JOIN follow_up f ON f.booking_id = b.id
        WHERE c.label = ? AND b.cancelled_at IS NULL GROUP BY b.team_id""", [FINISHED]).fetchall()
    assert len(rows) > len(_teams(sample_con, FINISHED)) / 2
    assert all(done and n >= 1 for _, done, n in rows)


@pytest.fixture
def generated(monkeypatch):
    monkeypatch.setenv("WORKBENCH_TODAY", "2026-11-22")
    connection = db.connect(":memory:")
    made = generate.generate(connection, schools=6, cycles=2, seed=7, evidence_per_enquiry=4)
    yield connection, made
    connection.close()


def test_generate_gives_its_past_cycle_answered_dated_critique_followed_up_clinics_and_ready_writeups(generated):
    con, made = generated
    past = _teams(con, "2025/26")
    assert past
    items = _critique(con, "2025/26")
    assert len(_meetings(con, "2025/26")) == 3
    for team in past:
        mine = [i for i in items if i["enquiry_id"] == team["enquiry_id"]]
        assert {i["meeting_id"] for i in mine} == set(_meetings(con, "2025/26"))
        assert con.execute("SELECT status FROM writeup WHERE enquiry_id = ?", [team["enquiry_id"]]).fetchone() == ("ready",)
    assert all(i["created_at"].date() == i["held_on"] and i["response"] and i["responded_at"].date() > i["held_on"]
               for i in items)
    led = [i for i in items if i["response_action_id"] is not None]
    assert led
    for item in led:
        enquiry_id, starts_on = con.execute("SELECT enquiry_id, starts_on FROM action_item WHERE id = ?",
                                            [item["response_action_id"]]).fetchone()
        assert enquiry_id == item["enquiry_id"] and starts_on <= item["responded_at"].date()
    follow_ups = con.execute("""
        SELECT f.done FROM follow_up f JOIN clinic_booking b ON b.id = f.booking_id JOIN clinic_slot s ON s.id = b.slot_id
        JOIN cycle c ON c.id = s.cycle_id WHERE c.label = '2025/26'""").fetchall()
    assert follow_ups and all(done for (done,) in follow_ups)
    # the running year: critique from its one meeting so far, dated that day; no write-up is ready yet
    running = _critique(con, "2026/27")
    assert running and {i["created_at"].date() for i in running} == {i["held_on"] for i in running}
    assert made["ready write-ups"] == len(past)
    assert con.execute("SELECT count(*) FROM writeup w JOIN enquiry e ON e.id = w.enquiry_id JOIN team t ON t.id = e.team_id "
                       "JOIN cycle c ON c.id = t.cycle_id WHERE c.label = '2026/27' AND w.status = 'ready'"
                       ).fetchone() == (0,)

"""Cross-school meetings: scheduling inside the cycle, protocols, critical-friend groups that avoid
earlier partners and say why they were proposed, swaps and locks, who may do it, and meetings of
a finished cycle left as they were."""

import pytest

from helpers import school_fields
from research_cycle import cycles, enquiries, meetings, people, schools, teams
from research_cycle.store.actors import SYSTEM
from research_cycle.store.errors import PermissionDenied, ValidationError
from research_cycle.store.permissions import recording_history

FOCUS = {0: ("Talk for quiet pupils", "How do talk partners help quiet pupils speak?"),
         1: ("Attendance of disadvantaged pupils", "Why are disadvantaged pupils absent?"),
         2: ("Talk in maths lessons", "How does paired talk help pupils explain in maths?"),
         3: ("Attendance and families", "What do families say about absence?")}


@pytest.fixture
def four(con, world):
    """Four teams in the cycle (the world's two plus two more), each with a focus."""
    ids = [world["team"], world["other_team"]]
    for n in (3, 4):
        school = schools.create_school(con, SYSTEM, **school_fields(urn=f"10000{n}", name=f"School {n}",
                                                                    pct_pupil_premium=10 * n))
        ids.append(teams.create_team(con, SYSTEM, cycle_id=world["cycle"], school_id=school, name=f"Team {n}"))
    for n, team_id in enumerate(ids):
        enquiry = teams.get_team(con, team_id)["enquiry_id"]
        enquiries.update_enquiry(con, SYSTEM, enquiry, {"focus": FOCUS[n][0], "question": FOCUS[n][1]})
    return ids


def test_schedule_and_group_similar_foci(con, world, four):
    meeting = meetings.schedule(con, world["facilitator"], cycle_id=world["cycle"], title="Meeting 1",
                                held_on="2026-11-12", place="University", team_ids=four)
    groups = meetings.propose_groups(con, world["facilitator"], meeting)
    assert sorted(map(sorted, groups)) == sorted([sorted([four[0], four[2]]), sorted([four[1], four[3]])])
    table = meetings.groups(con, SYSTEM, meeting)
    assert set(table["Group"]) == {1, 2}
    assert [p["phase"] for p in meetings.get_meeting(con, SYSTEM, meeting)["protocol"]][0] == "Presentation"


def test_second_meeting_avoids_earlier_partners(con, world, four):
    first = meetings.schedule(con, world["facilitator"], cycle_id=world["cycle"], title="Meeting 1",
                              held_on="2026-11-12", team_ids=four)
    before = {frozenset(g) for g in meetings.propose_groups(con, world["facilitator"], first)}
    second = meetings.schedule(con, world["facilitator"], cycle_id=world["cycle"], title="Meeting 2",
                               held_on="2027-03-11", team_ids=four)
    after = {frozenset(g) for g in meetings.propose_groups(con, world["facilitator"], second)}
    assert not before & after


def test_swap_and_lock(con, world, four):
    meeting = meetings.schedule(con, world["facilitator"], cycle_id=world["cycle"], title="M", held_on="2026-11-12",
                                team_ids=four)
    meetings.propose_groups(con, world["facilitator"], meeting)
    meetings.swap(con, world["facilitator"], meeting, four[0], four[1])
    table = meetings.groups(con, SYSTEM, meeting).set_index("team_id")
    assert table.loc[four[0], "Group"] == table.loc[four[3], "Group"]
    group = int(table.loc[four[0], "Group"])
    meetings.set_locked(con, world["facilitator"], meeting, group, True)
    with pytest.raises(ValidationError, match="locked"):
        meetings.swap(con, world["facilitator"], meeting, four[0], four[2])
    regrouped = meetings.propose_groups(con, world["facilitator"], meeting)
    assert sorted([four[0], four[3]]) in [sorted(g) for g in regrouped]  # the locked pair is kept
    with pytest.raises(ValidationError, match="two different teams"):
        meetings.swap(con, world["facilitator"], meeting, four[1], four[1])


@pytest.mark.parametrize("kwargs,field,words", [
    ({"held_on": "2027-09-10"}, "Date", "inside the cycle"),
    ({"team_ids": []}, "Attending teams", "at least two"),
    ({"protocol": [("Presentation", 0)]}, "Protocol phase 1", "at least one minute"),
    ({"protocol": [("Presentation", -5)]}, "Protocol phase 1", "at least one minute"),
    ({"title": "  "}, "Title", "required"),
])
def test_bad_meetings_are_refused(con, world, four, kwargs, field, words):
    values = dict(cycle_id=world["cycle"], title="Meeting 1", held_on="2026-11-12", team_ids=four)
    values.update(kwargs)
    with pytest.raises(ValidationError) as err:
        meetings.schedule(con, world["facilitator"], **values)
    assert err.value.field == field and words in err.value.message
    assert con.execute("SELECT count(*) FROM meeting").fetchone()[0] == 0


def test_only_facilitators_run_meetings(con, world, four):
    for role in ("teacher", "senior_leader", "administrator"):
        with pytest.raises(PermissionDenied):
            meetings.schedule(con, world[role], cycle_id=world["cycle"], title="M", held_on="2026-11-12", team_ids=four)
    meeting = meetings.schedule(con, world["facilitator"], cycle_id=world["cycle"], title="M", held_on="2026-11-12",
                                team_ids=four)
    with pytest.raises(PermissionDenied):
        meetings.propose_groups(con, world["teacher"], meeting)
    assert people.get_person(con, world["facilitator"].id).has("facilitator")


def test_each_group_says_why_it_was_proposed(con, world, four):
    first = meetings.schedule(con, world["facilitator"], cycle_id=world["cycle"], title="Meeting 1",
                              held_on="2026-11-12", team_ids=four)
    assert meetings.reasons(con, world["facilitator"], first).empty  # nothing to explain before grouping
    meetings.propose_groups(con, world["facilitator"], first)
    why = meetings.reasons(con, world["facilitator"], first).set_index("Schools")["Why"]
    assert why["Hillcrest Academy · School 4"] == "shared focus: attendance · contexts: PP 36% & 40% · new partners"
    assert "shared focus: help, pupils, talk" in why["Brookside Primary · School 3"]
    # Groups set by hand that repeat a partner say so.
    second = meetings.schedule(con, world["facilitator"], cycle_id=world["cycle"], title="Meeting 2",
                               held_on="2027-03-11", team_ids=four)
    meetings.set_groups(con, world["facilitator"], second, [[four[0], four[2]], [four[1], four[3]]])
    again = meetings.reasons(con, world["facilitator"], second)
    assert all("met before: " in w for w in again["Why"])
    assert "met before: Brookside Primary & School 3" in set(again["Why"].str.split(" · ").explode())


def test_meetings_of_a_finished_cycle_are_read_only(con, world, four):
    past = cycles.create_cycle(con, SYSTEM, label="2025/26", starts_on="2025-09-01", ends_on="2026-07-31")
    a, b = (teams.create_team(con, SYSTEM, cycle_id=past, school_id=s, name="Last year") for s in world["schools"])
    with recording_history():  # last year's meeting, as it happened
        old = meetings.schedule(con, world["facilitator"], cycle_id=past, title="Meeting 1", held_on="2025-11-13",
                                team_ids=[a, b])
        meetings.propose_groups(con, world["facilitator"], old)
    before = meetings.groups(con, SYSTEM, old)
    for write in (lambda: meetings.schedule(con, world["facilitator"], cycle_id=past, title="Late", held_on="2026-06-01",
                                            team_ids=[a, b]),
                  lambda: meetings.propose_groups(con, world["facilitator"], old),
                  lambda: meetings.swap(con, world["facilitator"], old, a, b),
                  lambda: meetings.set_locked(con, world["facilitator"], old, 1, True),
                  lambda: meetings.set_groups(con, world["facilitator"], old, [[a, b]]),
                  lambda: meetings.set_protocol(con, world["facilitator"], old, [("Presentation", 10)])):
        with pytest.raises(PermissionDenied, match="2025/26 finished on 31 Jul 2026"):
            write()
    assert meetings.groups(con, SYSTEM, old).equals(before)
    assert con.execute("SELECT count(*) FROM meeting").fetchone()[0] == 1
    # The running cycle is unaffected.
    meetings.schedule(con, world["facilitator"], cycle_id=world["cycle"], title="M", held_on="2026-11-12", team_ids=four)


def test_attendance_records_who_came_and_only_members_of_attending_teams(con, world, four):
    fac = world["facilitator"]
    meeting = meetings.schedule(con, fac, cycle_id=world["cycle"], title="M", held_on="2026-11-12", team_ids=four)
    meetings.set_attendance(con, fac, meeting, [world["teacher"].id])
    table = meetings.attendance(con, fac, meeting).set_index("person_id")
    assert bool(table.loc[world["teacher"].id, "present"]) and not bool(table.loc[world["other_teacher"].id, "present"])
    with pytest.raises(ValidationError, match="Who came"):
        meetings.set_attendance(con, fac, meeting, [world["senior_leader"].id])  # not in an attending team
    assert list(meetings.attendance(con, fac, meeting)["present"]).count(True) == 1  # nothing half-stored
    with pytest.raises(PermissionDenied):
        meetings.set_attendance(con, world["teacher"], meeting, [world["teacher"].id])
    entry = con.execute("SELECT before, after FROM change_log WHERE entity = 'meeting' AND action = 'attendance' "
                        "ORDER BY id DESC LIMIT 1").fetchone()
    assert '"present": []' in entry[0] and str(world["teacher"].id) in entry[1]


def test_feedback_names_the_critical_friend_who_said_it(con, world, four):
    from research_cycle import critique

    fac = world["facilitator"]
    meeting = meetings.schedule(con, fac, cycle_id=world["cycle"], title="M", held_on="2026-11-12", team_ids=four)
    item = critique.add_critique(con, fac, world["enquiry"], kind="question", text="Whose voice is missing?",
                                 source="meeting", meeting_id=meeting, said_by=world["other_teacher"].id)
    row = critique.for_enquiry(con, fac, world["enquiry"]).set_index("id").loc[item]
    assert row["from_name"] == "Omar Other" and row["recorded_by"] == "Dr Fay Facilitator"
    with pytest.raises(ValidationError, match="another team"):  # the presenting team's own member
        critique.add_critique(con, fac, world["enquiry"], kind="warm", text="Good", source="meeting",
                              meeting_id=meeting, said_by=world["teacher"].id)
    with pytest.raises(ValidationError, match="another team"):  # not at the meeting at all
        critique.add_critique(con, fac, world["enquiry"], kind="warm", text="Good", source="meeting",
                              meeting_id=meeting, said_by=world["senior_leader"].id)


def test_proposing_and_locking_groups_record_what_was_there_before(con, world, four):
    import json

    fac = world["facilitator"]
    meeting = meetings.schedule(con, fac, cycle_id=world["cycle"], title="M", held_on="2026-11-12", team_ids=four)
    first = meetings.propose_groups(con, fac, meeting)
    meetings.set_locked(con, fac, meeting, 1, True)
    meetings.propose_groups(con, fac, meeting)
    log = con.execute("SELECT action, before, after FROM change_log WHERE entity = 'meeting' AND entity_id = ? "
                      "AND action IN ('groups', 'lock') ORDER BY id", [meeting]).fetchall()
    assert [a for a, *_ in log] == ["groups", "lock", "groups"]
    assert json.loads(log[0][1]) == {"groups": []}
    assert json.loads(log[1][1]) == {"group": 1, "locked": False} and json.loads(log[1][2])["locked"] is True
    assert sorted(map(sorted, json.loads(log[2][1])["groups"])) == sorted(map(sorted, first))
    with pytest.raises(ValidationError, match="no group 9"):
        meetings.set_locked(con, fac, meeting, 9, True)

"""Cross-school meetings: scheduling inside the cycle, protocols, pairings that avoid earlier
partners, swaps and locks, and who may do it."""

import pytest

from helpers import school_fields
from research_cycle import enquiries, meetings, people, schools, teams
from research_cycle.store.actors import SYSTEM
from research_cycle.store.errors import PermissionDenied, ValidationError

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


def test_schedule_and_pair_similar_foci(con, world, four):
    meeting = meetings.schedule(con, world["facilitator"], cycle_id=world["cycle"], title="Meeting 1",
                                held_on="2026-11-12", place="University", team_ids=four)
    groups = meetings.propose_pairings(con, world["facilitator"], meeting)
    assert sorted(map(sorted, groups)) == sorted([sorted([four[0], four[2]]), sorted([four[1], four[3]])])
    table = meetings.groups(con, SYSTEM, meeting)
    assert set(table["Group"]) == {1, 2}
    assert [p["phase"] for p in meetings.get_meeting(con, SYSTEM, meeting)["protocol"]][0] == "Presentation"


def test_second_meeting_avoids_earlier_partners(con, world, four):
    first = meetings.schedule(con, world["facilitator"], cycle_id=world["cycle"], title="Meeting 1",
                              held_on="2026-11-12", team_ids=four)
    before = {frozenset(g) for g in meetings.propose_pairings(con, world["facilitator"], first)}
    second = meetings.schedule(con, world["facilitator"], cycle_id=world["cycle"], title="Meeting 2",
                               held_on="2027-03-11", team_ids=four)
    after = {frozenset(g) for g in meetings.propose_pairings(con, world["facilitator"], second)}
    assert not before & after


def test_swap_and_lock(con, world, four):
    meeting = meetings.schedule(con, world["facilitator"], cycle_id=world["cycle"], title="M", held_on="2026-11-12",
                                team_ids=four)
    meetings.propose_pairings(con, world["facilitator"], meeting)
    meetings.swap(con, world["facilitator"], meeting, four[0], four[1])
    table = meetings.groups(con, SYSTEM, meeting).set_index("team_id")
    assert table.loc[four[0], "Group"] == table.loc[four[3], "Group"]
    group = int(table.loc[four[0], "Group"])
    meetings.set_locked(con, world["facilitator"], meeting, group, True)
    with pytest.raises(ValidationError, match="locked"):
        meetings.swap(con, world["facilitator"], meeting, four[0], four[2])
    regrouped = meetings.propose_pairings(con, world["facilitator"], meeting)
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
        meetings.propose_pairings(con, world["teacher"], meeting)
    assert people.get_person(con, world["facilitator"].id).has("facilitator")

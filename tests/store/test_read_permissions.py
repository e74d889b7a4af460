"""Every role against every read of a team's data: allowed reads return, the others are refused
in the domain (PermissionDenied naming the person), whatever page calls them.

"teacher" is in the team that owns the data; "other_teacher" is in another school's team;
"teacher_admin" teaches in the other team and is also an administrator (a person with both
roles must not see this team's raw evidence through either)."""

import datetime as dt

import pytest

from research_cycle import (
    actions,
    checklists,
    clinics,
    conference,
    critique,
    datasets,
    enquiries,
    evidence,
    findings,
    literature,
    meetings,
    overview,
    people,
    retention,
    summaries,
    teams,
    writeups,
)
from research_cycle.store import changelog, search
from research_cycle.store.actors import SYSTEM
from research_cycle.store.errors import PermissionDenied

ROLES = ("teacher", "other_teacher", "teacher_admin", "facilitator", "senior_leader", "administrator")
EVERYONE = set(ROLES)
TEAM = {"teacher", "facilitator"}  # the team's own members and the facilitators: raw evidence
SUMMARIES = {"facilitator", "senior_leader", "administrator", "teacher_admin"}

READS = {
    "enquiry": (lambda w, a: enquiries.get_enquiry(w["con"], a, w["enquiry"]), EVERYONE),
    "enquiries of the cycle": (lambda w, a: enquiries.list_enquiries(w["con"], a, w["cycle"]), EVERYONE),
    "question history": (lambda w, a: enquiries.revisions(w["con"], a, w["enquiry"]), EVERYONE),
    "teams of the cycle": (lambda w, a: teams.list_teams(w["con"], a, w["cycle"]), EVERYONE),
    "team members": (lambda w, a: teams.members(w["con"], a, w["team"]), EVERYONE),
    "team checklist": (lambda w, a: checklists.for_team(w["con"], a, w["team"]), EVERYONE),
    "evidence log": (lambda w, a: evidence.list_evidence(w["con"], a, w["enquiry"]), TEAM),
    "evidence item": (lambda w, a: evidence.get_evidence(w["con"], a, w["evidence"]), TEAM),
    "attachments": (lambda w, a: evidence.attachments(w["con"], a, w["evidence"]), TEAM),
    "attachment content": (lambda w, a: evidence.attachment_content(w["con"], a, w["attachment"]), TEAM),
    "findings": (lambda w, a: findings.list_findings(w["con"], a, w["enquiry"]), TEAM),
    "finding": (lambda w, a: findings.get_finding(w["con"], a, w["finding"]), TEAM),
    "triangulation": (lambda w, a: findings.triangulation(w["con"], a, w["enquiry"]), TEAM),
    "literature": (lambda w, a: literature.library(w["con"], a, w["enquiry"]), TEAM),
    "data sets": (lambda w, a: datasets.list_datasets(w["con"], a, w["enquiry"]), TEAM),
    "critique received": (lambda w, a: critique.for_enquiry(w["con"], a, w["enquiry"]), TEAM),
    "critique item": (lambda w, a: critique.get_critique(w["con"], a, w["critique"]), TEAM),
    "action plan": (lambda w, a: actions.list_actions(w["con"], a, w["enquiry"]), TEAM),
    "action": (lambda w, a: actions.get_action(w["con"], a, w["action"]), TEAM),
    "impact reviews": (lambda w, a: actions.impact_reviews(w["con"], a, w["action"]), TEAM),
    "impact reviews of the plan": (lambda w, a: actions.reviews_for_enquiry(w["con"], a, w["enquiry"]), TEAM),
    "team's overdue reviews": (lambda w, a: actions.overdue_reviews(w["con"], a, w["cycle"], team_id=w["team"]), TEAM),
    "what the team did (summary)": (lambda w, a: actions.plan_summary(w["con"], a, w["enquiry"]), EVERYONE),
    "overdue reviews of the cycle": (lambda w, a: actions.overdue_reviews(w["con"], a, w["cycle"]),
                                     {"facilitator", "administrator", "teacher_admin"}),
    "search this enquiry": (lambda w, a: search.search(w["con"], a, "talk", [w["enquiry"]]), TEAM),
    "search both enquiries": (lambda w, a: search.search(w["con"], a, "talk", [w["enquiry"], w["other_enquiry"]]),
                              {"facilitator"}),
    "team's clinic bookings": (lambda w, a: clinics.bookings_for_team(w["con"], a, w["team"]), TEAM),
    "clinic follow-ups": (lambda w, a: clinics.follow_ups(w["con"], a, w["booking"]), TEAM),
    "clinic timetable": (lambda w, a: clinics.list_slots(w["con"], a, w["cycle"]),
                         {"teacher", "other_teacher", "teacher_admin", "facilitator"}),
    "meetings": (lambda w, a: meetings.list_meetings(w["con"], a, w["cycle"]), {"facilitator"}),
    "meeting": (lambda w, a: meetings.get_meeting(w["con"], a, w["meeting"]), {"facilitator"}),
    "critical-friend groups": (lambda w, a: meetings.groups(w["con"], a, w["meeting"]), {"facilitator"}),
    "programme overview": (lambda w, a: overview.programme(w["con"], a, w["cycle"]), {"facilitator", "administrator", "teacher_admin"}),
    "left out": (lambda w, a: overview.left_out(w["con"], a, w["cycle"]), {"facilitator", "administrator", "teacher_admin"}),
    "people": (lambda w, a: people.list_people(w["con"], a), {"administrator", "teacher_admin"}),
    "people import preview": (lambda w, a: people.preview_import(w["con"], a, "name,email,school,roles\nA B,ab@x.example.uk,,facilitator\n"),
                              {"administrator", "teacher_admin"}),
    "retention settings": (lambda w, a: retention.list_settings(w["con"], a), {"administrator", "teacher_admin"}),
    "retention preview": (lambda w, a: retention.preview(w["con"], a, w["cycle"]), {"administrator", "teacher_admin"}),
    "change log": (lambda w, a: changelog.recent(w["con"], a), {"administrator", "teacher_admin"}),
    "history of one record": (lambda w, a: changelog.history(w["con"], a, "evidence", w["evidence"]),
                              {"administrator", "teacher_admin"}),
    # Summaries: the senior leader ("Sam Senior") is the head teacher of the team's school.
    "alliance digest": (lambda w, a: summaries.digest(w["con"], a, w["cycle"]), SUMMARIES),
    "equity view": (lambda w, a: summaries.equity(w["con"], a, w["cycle"]), SUMMARIES),
    "alliance trends": (lambda w, a: summaries.trends(w["con"], a), SUMMARIES),
    "own school's summary": (lambda w, a: summaries.school_summary(w["con"], a, w["schools"][0], w["cycle"]),
                             SUMMARIES),
    "own school's years": (lambda w, a: summaries.school_history(w["con"], a, w["schools"][0]), SUMMARIES),
    "another school's summary": (lambda w, a: summaries.school_summary(w["con"], a, w["schools"][1], w["cycle"]),
                                 SUMMARIES - {"senior_leader"}),
    "another school's years": (lambda w, a: summaries.school_history(w["con"], a, w["schools"][1]),
                               SUMMARIES - {"senior_leader"}),
    # The conference: everyone reads the programme; a team's presentation starter draws on its evidence.
    "conference programme": (lambda w, a: conference.sessions(w["con"], a, w["cycle"]), EVERYONE),
    "teams without a conference slot": (lambda w, a: conference.without_slot(w["con"], a, w["cycle"]), EVERYONE),
    "presentation starter": (lambda w, a: conference.slides(w["con"], a, w["enquiry"]), TEAM),
    "session themes from tags": (lambda w, a: conference.suggest_themes(w["con"], a, w["cycle"]), {"facilitator"}),
    # Write-ups: a draft is the team's (and the facilitators'); the proceedings hold only ready ones.
    "write-up (a draft)": (lambda w, a: writeups.get_writeup(w["con"], a, w["enquiry"]), TEAM),
    "proceedings": (lambda w, a: writeups.proceedings(w["con"], a, w["cycle"]), {"facilitator", "senior_leader"}),
}


@pytest.fixture
def team_world(con, world):
    w = dict(world, con=con)
    both = people.create_person(con, SYSTEM, name="Tariq Both", email="tariq@hillcrest.example.sch.uk",
                                school_id=world["schools"][1], roles=["teacher", "administrator"])
    teams.add_member(con, SYSTEM, world["other_team"], both)
    w["teacher_admin"] = people.get_person(con, both)
    w["evidence"] = evidence.add_evidence(
        con, world["teacher"], world["enquiry"],
        {"title": "Talk partners", "kind": "lesson observation", "origin": "our practice", "summary": "Pupils talk more."},
        files=[("notes.txt", b"Pairs talked.")])
    w["attachment"] = evidence.attachments(con, world["teacher"], w["evidence"])[0]["id"]
    evidence.add_evidence(con, world["other_teacher"], world["other_enquiry"],
                          {"title": "Talk at Hillcrest", "kind": "interview", "origin": "our practice"})
    w["finding"] = findings.add_finding(con, world["teacher"], world["enquiry"], claim="Talk helps",
                                        evidence_ids=[w["evidence"]])
    w["critique"] = critique.add_critique(con, world["facilitator"], world["enquiry"], kind="warm", text="Good start")
    w["meeting"] = meetings.schedule(con, world["facilitator"], cycle_id=world["cycle"], title="Meeting 1",
                                     held_on="2026-11-12", team_ids=[world["team"], world["other_team"]])
    slot = clinics.publish_slot(con, world["facilitator"], cycle_id=world["cycle"], place="Room 1",
                                starts_at=dt.datetime(2026, 12, 9, 15, 30), minutes=45)
    w["booking"] = clinics.book(con, world["teacher"], slot, team_id=world["team"], topic="Interviews")
    w["action"] = actions.add_action(con, world["teacher"], world["enquiry"], strategy="Talk partners", owner="Year 4",
                                     starts_on="2026-11-02", review_on="2027-01-15", finding_ids=[w["finding"]])
    return w


@pytest.mark.parametrize("read", list(READS))
@pytest.mark.parametrize("role", ROLES)
def test_read_matrix(team_world, role, read):
    do, allowed = READS[read]
    actor = team_world[role]
    if role in allowed:
        do(team_world, actor)
    else:
        with pytest.raises(PermissionDenied) as err:
            do(team_world, actor)
        assert actor.name in str(err.value)


def test_nobody_signed_in_reads_nothing(team_world):
    for _read, (do, _) in READS.items():
        with pytest.raises(PermissionDenied):
            do(team_world, None)

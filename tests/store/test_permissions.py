"""Every role against every write that exists: allowed writes succeed, others are refused with
a clear message and store nothing."""

import datetime as dt
import io

import pytest

from helpers import school_fields
from research_cycle import (
    actions,
    clinics,
    codebook,
    conference,
    critique,
    cycles,
    datasets,
    enquiries,
    evidence,
    findings,
    literature,
    meetings,
    people,
    retention,
    schools,
    teams,
    writeups,
)
from research_cycle.lib import tabular
from research_cycle.lib.references import Reference
from research_cycle.store import backup
from research_cycle.store.actors import SYSTEM
from research_cycle.store.errors import PermissionDenied
from research_cycle.store.permissions import Action, can

ROLES = ("teacher", "other_teacher", "facilitator", "senior_leader", "administrator")
EVIDENCE = {"title": "Observation", "kind": "lesson observation", "origin": "our practice"}


def _write(name, con, w, actor):
    """Perform the write called ``name`` as ``actor``."""
    if name == "edit own team's enquiry":
        enquiries.update_enquiry(con, actor, w["enquiry"], {"focus": "Attendance after lockdown"})
    elif name == "save alliance":
        schools.save_alliance(con, actor, name="Northvale TSA")
    elif name == "create school":
        schools.create_school(con, actor, **school_fields(urn="100099", name="New School"))
    elif name == "update school":
        schools.update_school(con, actor, w["schools"][0], **school_fields(name="Renamed"))
    elif name == "create person":
        people.create_person(con, actor, name="New Person", email="new@x.example.sch.uk",
                             school_id=w["schools"][0], roles=["teacher"])
    elif name == "update person":
        people.update_person(con, actor, w["teacher"].id, name="Tess T", email=w["teacher"].email,
                             school_id=w["schools"][0], roles=["teacher"])
    elif name == "create cycle":
        cycles.create_cycle(con, actor, label="2027/28", starts_on="2027-09-01", ends_on="2028-07-31")
    elif name == "update cycle":
        cycles.update_cycle(con, actor, w["cycle"], label="2026/27", starts_on="2026-09-02", ends_on="2027-07-31")
    elif name == "save calendar":
        cycles.save_calendar(con, actor, w["cycle"], [{"title": "Launch", "kind": "launch", "due_on": "2026-09-10"}])
    elif name == "create team":
        teams.create_team(con, actor, cycle_id=w["cycle"], school_id=w["third_school"], name="Third team")
    elif name == "rename team":
        teams.rename_team(con, actor, w["team"], "Renamed team")
    elif name == "add member":
        teams.add_member(con, actor, w["team"], w["helper"])
    elif name == "remove member":
        teams.remove_member(con, actor, w["team"], w["teacher"].id)
    elif name == "add evidence":
        evidence.add_evidence(con, actor, w["enquiry"], EVIDENCE)
    elif name == "edit evidence":
        evidence.update_evidence(con, actor, w["evidence"], {"notes": "more"})
    elif name == "delete evidence":
        evidence.delete_evidence(con, actor, w["evidence"])
    elif name == "attach a file":
        evidence.add_attachment(con, actor, w["evidence"], "notes.txt", b"Pairs talked more.")
    elif name == "add finding":
        findings.add_finding(con, actor, w["enquiry"], claim="A claim", evidence_ids=[w["evidence"]])
    elif name == "add reference":
        literature.add_reference(con, actor, w["enquiry"], Reference(title="Toolkit", year=2021))
    elif name == "import data set":
        table = tabular.read_table(b"pupil,score_autumn,score_summer\n" + b"".join(
            f"P{i},{i},{i + 2}\n".encode() for i in range(6)), "s.csv")
        datasets.import_dataset(con, actor, w["evidence"], table, name="Scores", filename="s.csv")
    elif name == "publish clinic slot":
        clinics.publish_slot(con, actor, cycle_id=w["cycle"], starts_at=dt.datetime(2026, 12, 2, 15, 30), minutes=45,
                             place="Room 2.14")
    elif name == "book clinic":
        clinics.book(con, actor, w["slot"], team_id=w["team"], topic="Interview design")
    elif name == "record clinic advice":
        clinics.record_advice(con, actor, w["booking"], notes="n", advice="a")
    elif name == "schedule meeting":
        meetings.schedule(con, actor, cycle_id=w["cycle"], title="Meeting 1", held_on="2026-11-12",
                          team_ids=[w["team"], w["other_team"]])
    elif name == "group critical friends":
        meetings.propose_groups(con, actor, w["meeting"])
    elif name == "give critique":
        critique.add_critique(con, actor, w["enquiry"], kind="question", text="How will you know?")
    elif name == "answer critique":
        critique.answer_critique(con, actor, w["critique"], accepted=False, text="We considered it")
    elif name == "save write-up section":
        writeups.save_section(con, actor, w["enquiry"], "title", "Talk partners in Year 4", expected_updated_at=None)
    elif name == "add action":
        actions.add_action(con, actor, w["enquiry"], strategy="Talk partners", owner="Year 4", starts_on="2026-11-02",
                           review_on="2027-01-15")
    elif name == "edit action":
        actions.update_action(con, actor, w["action"], status="in progress")
    elif name == "delete action":
        actions.delete_action(con, actor, w["action"])
    elif name == "review impact":
        actions.add_impact_review(con, actor, w["action"], what_changed="More talk", for_whom=["EAL"],
                                  reviewed_on="2026-11-20")
    elif name == "change conference day":
        conference.save_conference(con, actor, w["cycle"], held_on="2027-07-02", venue="Town hall", starts_at="09:00",
                                   ends_at="15:30")
    elif name == "add conference session":
        conference.add_session(con, actor, w["cycle"], title="Talk", starts_at="13:00", minutes=45, room="Room B")
    elif name == "assign presentations":
        conference.set_presentations(con, actor, w["session"], [w["enquiry"]])
    elif name == "curate codebook":
        codebook.update_tag(con, actor, w["tag"], name="Oracy and talk")
    elif name == "import people":
        people.import_people(con, actor, "name,email,school,roles\nIffy Import,iffy@brookside.example.sch.uk,100001,teacher\n")
    elif name == "set retention period":
        retention.set_period(con, actor, w["cycle"], 5)
    elif name == "back up the store":
        backup.write_backup(con, actor, io.BytesIO())
    else:  # pragma: no cover
        raise AssertionError(name)


ADMIN_ONLY = ("save alliance", "create school", "update school", "create person", "update person", "create cycle",
              "update cycle", "save calendar", "create team", "rename team", "add member", "remove member",
              "import people", "set retention period", "back up the store")
TEAM_WRITES = ("edit own team's enquiry", "add evidence", "edit evidence", "delete evidence", "attach a file",
               "add finding", "add reference", "import data set", "add action", "edit action", "delete action",
               "review impact")
MATRIX = {
    **{w: {"teacher"} for w in TEAM_WRITES},
    "curate codebook": {"facilitator", "administrator"},
    "change conference day": {"facilitator"},
    "add conference session": {"facilitator"},
    "assign presentations": {"facilitator"},
    "publish clinic slot": {"facilitator"},
    "schedule meeting": {"facilitator"},
    "give critique": {"facilitator"},
    "answer critique": {"teacher"},
    "save write-up section": {"teacher"},
    "group critical friends": {"facilitator"},
    "book clinic": {"teacher"},
    "record clinic advice": {"facilitator"},
    **{w: {"administrator"} for w in ADMIN_ONLY},
}


@pytest.mark.parametrize("write", list(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_write_matrix(con, world, role, write):
    actor = world[role]
    # Things some writes need, made before counting the change log.
    world["third_school"] = schools.create_school(con, SYSTEM, **school_fields(urn="100098", name="Third"))
    world["helper"] = people.create_person(con, SYSTEM, name="Helper", email="h@brookside.example.sch.uk",
                                           school_id=world["schools"][0], roles=["teacher"])
    world["evidence"] = evidence.add_evidence(con, world["teacher"], world["enquiry"], EVIDENCE)
    world["tag"] = codebook.add_tag(con, SYSTEM, "Oracy")
    world["meeting"] = meetings.schedule(con, world["facilitator"], cycle_id=world["cycle"], title="Existing",
                                         held_on="2026-11-12", team_ids=[world["team"], world["other_team"]])
    world["critique"] = critique.add_critique(con, world["facilitator"], world["enquiry"], kind="warm", text="Good start")
    world["slot"] = clinics.publish_slot(con, world["facilitator"], cycle_id=world["cycle"], place="Room 1",
                                         starts_at=dt.datetime(2026, 12, 9, 15, 30), minutes=45)
    world["booking"] = clinics.book(con, world["teacher"], clinics.publish_slot(
        con, world["facilitator"], cycle_id=world["cycle"], place="Room 1", starts_at=dt.datetime(2026, 12, 16, 15, 30),
        minutes=45), team_id=world["team"], topic="Existing booking")
    world["action"] = actions.add_action(con, world["teacher"], world["enquiry"], strategy="Word walls", owner="Year 4",
                                         starts_on="2026-11-02", review_on="2027-01-15")
    conference.save_conference(con, world["facilitator"], world["cycle"], held_on="2027-07-02", venue="University",
                               starts_at="09:00", ends_at="15:30")
    world["session"] = conference.add_session(con, world["facilitator"], world["cycle"], title="Belonging",
                                              starts_at="10:00", minutes=60, room="Room A")
    log_before = con.execute("SELECT count(*) FROM change_log").fetchone()[0]
    if role in MATRIX[write]:
        _write(write, con, world, actor)
        assert con.execute("SELECT count(*) FROM change_log").fetchone()[0] > log_before
    else:
        with pytest.raises(PermissionDenied) as err:
            _write(write, con, world, actor)
        assert actor.name in str(err.value)
        assert con.execute("SELECT count(*) FROM change_log").fetchone()[0] == log_before


def test_teacher_cannot_edit_another_schools_enquiry(con, world):
    with pytest.raises(PermissionDenied, match="only members of the team"):
        enquiries.update_enquiry(con, world["teacher"], world["other_enquiry"], {"focus": "Not ours"})
    assert enquiries.get_enquiry(con, SYSTEM, world["other_enquiry"]).focus == ""


def test_a_person_with_several_roles_gets_the_union(con, world):
    both = people.create_person(con, SYSTEM, name="Head Teacher", email="head@brookside.example.sch.uk",
                                school_id=world["schools"][0], roles=["teacher", "senior_leader"])
    head = people.get_person(con, both)
    assert can(con, head, Action.READ_ENQUIRY)
    assert not can(con, head, Action.EDIT_ENQUIRY, team_id=world["team"])  # not a member yet
    teams.add_member(con, SYSTEM, world["team"], both)
    assert can(con, head, Action.EDIT_ENQUIRY, team_id=world["team"])
    assert not can(con, head, Action.MANAGE_SCHOOLS)


READS = {
    Action.READ_ENQUIRY: {"teacher", "other_teacher", "facilitator", "senior_leader", "administrator"},
    Action.PROPOSE_TAG: {"teacher", "other_teacher", "facilitator"},
    Action.CURATE_CODEBOOK: {"facilitator", "administrator"},
    Action.VIEW_OVERVIEW: {"facilitator", "administrator"},
    Action.READ_CHANGE_LOG: {"administrator"},
    Action.READ_SUMMARIES: {"facilitator", "senior_leader", "administrator"},
    Action.READ_SCHOOL_SUMMARY: {"facilitator", "senior_leader", "administrator"},
    Action.READ_WRITEUPS: {"facilitator", "senior_leader"},
}


@pytest.mark.parametrize("action", list(READS))
@pytest.mark.parametrize("role", ROLES)
def test_read_matrix(con, world, role, action):
    assert can(con, world[role], action) == (role in READS[action])


def test_nobody_signed_in_can_do_nothing(con, world):
    assert not any(can(con, None, a, team_id=world["team"]) for a in Action)

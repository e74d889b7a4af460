"""The conference builder: the day, sessions and presentations with every clash refused by a
message naming what clashes, the later of two facilitators' saves refused (never lost), who may
build and read, a finished cycle kept as it was, the checklist's presentation slot, and the
programme document (re-opened with python-docx and converted by LibreOffice)."""

import datetime as dt
import io
import shutil
import subprocess

import docx
import pytest

from research_cycle import checklists, conference, cycles, people, teams
from research_cycle.store.actors import SYSTEM
from research_cycle.store.errors import PermissionDenied, ValidationError


@pytest.fixture
def day(con, world):
    """The 2026/27 conference: Friday 2 July 2027, 09:00–15:30, with two parallel sessions."""
    fac = world["facilitator"]
    conference.save_conference(con, fac, world["cycle"], held_on=dt.date(2027, 7, 2), venue="Northvale University",
                               starts_at="09:00", ends_at="15:30")
    hall = conference.add_session(con, fac, world["cycle"], title="Belonging", starts_at="10:00", minutes=60,
                                  room="Room A", theme="Belonging")
    other = conference.add_session(con, fac, world["cycle"], title="Talk", starts_at="10:00", minutes=60,
                                   room="Room B", theme="Oracy")
    return {"a": hall, "b": other}


def changes(con) -> int:
    return con.execute("SELECT count(*) FROM change_log").fetchone()[0]


def session(con, world, session_id) -> dict:
    return next(s for s in conference.sessions(con, world["facilitator"], world["cycle"]) if s["id"] == session_id)


@pytest.mark.parametrize("starts, minutes", [("08:30", 45), ("15:00", 45), ("07:00", 30)])
def test_a_session_outside_the_day_is_refused(con, world, day, starts, minutes):
    before = changes(con)
    with pytest.raises(ValidationError) as err:
        conference.add_session(con, world["facilitator"], world["cycle"], title="Keynote", starts_at=starts,
                               minutes=minutes, room="Main hall")
    assert err.value.field == "Starts"
    assert "'Keynote'" in err.value.message and "outside the conference day (09:00–15:30)" in err.value.message
    assert changes(con) == before and len(conference.sessions(con, world["facilitator"], world["cycle"])) == 2


def test_a_session_ending_exactly_when_the_day_ends_fits(con, world, day):
    conference.add_session(con, world["facilitator"], world["cycle"], title="Close", starts_at="15:00", minutes=30,
                           room="Main hall")


def test_a_room_used_twice_at_once_is_refused(con, world, day):
    with pytest.raises(ValidationError) as err:
        conference.add_session(con, world["facilitator"], world["cycle"], title="Attendance", starts_at="10:00",
                               minutes=30, room=" room a ")
    assert err.value.field == "Room"
    assert "Room A is already used at 10:00 by 'Belonging'" in err.value.message


def test_sessions_overlapping_in_a_room_are_refused(con, world, day):
    with pytest.raises(ValidationError) as err:
        conference.add_session(con, world["facilitator"], world["cycle"], title="Attendance", starts_at="10:30",
                               minutes=45, room="Room A")
    assert err.value.field == "Starts"
    assert "'Attendance' (10:30–11:15) overlaps 'Belonging' (10:00–11:00) in Room A" in err.value.message
    # Back to back in the same room is not a clash; the same time in another room is not either.
    conference.add_session(con, world["facilitator"], world["cycle"], title="Attendance", starts_at="11:00",
                           minutes=45, room="Room A")
    conference.add_session(con, world["facilitator"], world["cycle"], title="Families", starts_at="10:30",
                           minutes=30, room="Room C")


def test_moving_a_session_onto_another_in_its_room_is_refused(con, world, day):
    with pytest.raises(ValidationError, match="overlaps 'Belonging'"):
        conference.update_session(con, world["facilitator"], day["b"], title="Talk", starts_at="10:15", minutes=30,
                                  room="Room A")
    assert session(con, world, day["b"])["room"] == "Room B"


def test_a_team_presenting_twice_at_once_is_refused(con, world, day):
    fac, enquiry = world["facilitator"], world["enquiry"]
    conference.set_presentations(con, fac, day["a"], [enquiry])
    with pytest.raises(ValidationError) as err:
        conference.set_presentations(con, fac, day["b"], [world["other_enquiry"], enquiry])
    assert err.value.field == "Presentations"
    assert ("Brookside Primary (Brookside research team) would present twice at once: in 'Talk' (10:00–11:00) "
            "and in 'Belonging' (10:00–11:00, Room A)") in err.value.message
    assert session(con, world, day["b"])["presenters"] == []
    # At another time the same team may present again.
    later = conference.add_session(con, fac, world["cycle"], title="Posters", starts_at="11:00", minutes=30, room="Hall")
    conference.set_presentations(con, fac, later, [enquiry])
    # ...but moving that session onto the first one's time is refused, naming the team.
    with pytest.raises(ValidationError, match="Brookside Primary .* would present twice at once"):
        conference.update_session(con, fac, later, title="Posters", starts_at="10:30", minutes=30, room="Hall")


def test_running_order_and_teams_without_a_slot(con, world, day):
    fac = world["facilitator"]
    names = lambda: [r["school"] for r in conference.without_slot(con, fac, world["cycle"])]  # noqa: E731
    assert names() == ["Brookside Primary", "Hillcrest Academy"]
    conference.set_presentations(con, fac, day["a"], [world["other_enquiry"], world["enquiry"]])
    assert [p["school"] for p in session(con, world, day["a"])["presenters"]] == ["Hillcrest Academy", "Brookside Primary"]
    assert names() == []
    conference.delete_session(con, fac, day["a"])
    assert names() == ["Brookside Primary", "Hillcrest Academy"]


def test_too_many_teams_for_a_session_is_refused(con, world, day):
    short = conference.add_session(con, world["facilitator"], world["cycle"], title="Lightning", starts_at="12:00",
                                   minutes=8, room="Room A")
    with pytest.raises(ValidationError, match="2 teams in 8 minutes leaves each fewer than 5 minutes"):
        conference.set_presentations(con, world["facilitator"], short, [world["enquiry"], world["other_enquiry"]])


def test_a_team_of_another_cycle_cannot_present(con, world, day):
    old = cycles.create_cycle(con, SYSTEM, label="2025/26", starts_on="2025-09-01", ends_on="2026-07-31")
    old_team = teams.create_team(con, SYSTEM, cycle_id=old, school_id=world["schools"][0], name="Last year")
    with pytest.raises(ValidationError, match="not in this cycle"):
        conference.set_presentations(con, world["facilitator"], day["a"], [teams.get_team(con, old_team)["enquiry_id"]])


def test_the_later_of_two_saves_to_a_session_is_refused_not_lost(con, world, day):
    fac = world["facilitator"]
    second = people.get_person(con, people.create_person(con, SYSTEM, name="Dr Raj Second", email="raj@uni.example.ac.uk",
                                                         roles=["facilitator"]))
    loaded = session(con, world, day["a"])["updated_at"]  # both facilitators open the form
    conference.update_session(con, fac, day["a"], title="Belonging and relationships", starts_at="10:00", minutes=60,
                              room="Room A", theme="Belonging", expected_updated_at=loaded)
    before = changes(con)
    with pytest.raises(ValidationError) as err:
        conference.update_session(con, second, day["a"], title="Belonging (moved)", starts_at="13:00", minutes=60,
                                  room="Room A", expected_updated_at=loaded)
    assert err.value.field == "Session 'Belonging and relationships'"
    assert "Dr Fay Facilitator saved a change to it while you were editing" in err.value.message
    assert "Your input is still in the form" in err.value.message
    assert session(con, world, day["a"])["title"] == "Belonging and relationships" and changes(con) == before
    with pytest.raises(ValidationError, match="while you were editing"):
        conference.set_presentations(con, second, day["a"], [world["enquiry"]], expected_updated_at=loaded)
    with pytest.raises(ValidationError, match="while you were editing"):
        conference.delete_session(con, second, day["a"], expected_updated_at=loaded)
    # Another session is a different thing: editing it is not refused.
    other = session(con, world, day["b"])["updated_at"]
    conference.set_presentations(con, second, day["b"], [world["enquiry"]], expected_updated_at=other)


def test_the_later_of_two_saves_to_the_day_is_refused(con, world, day):
    fac = world["facilitator"]
    loaded = conference.get_conference(con, fac, world["cycle"])["updated_at"]
    conference.save_conference(con, fac, world["cycle"], held_on=dt.date(2027, 7, 2), venue="Northvale University, Great Hall",
                               starts_at="09:00", ends_at="15:30", expected_updated_at=loaded)
    with pytest.raises(ValidationError, match="saved a change to it while you were editing"):
        conference.save_conference(con, fac, world["cycle"], held_on=dt.date(2027, 7, 9), venue="Town hall",
                                   starts_at="09:00", ends_at="15:30", expected_updated_at=loaded)
    # A form that saw no conference is refused once someone has set it up meanwhile.
    with pytest.raises(ValidationError, match="while you were editing"):
        conference.save_conference(con, fac, world["cycle"], held_on=dt.date(2027, 7, 9), venue="Town hall",
                                   starts_at="09:00", ends_at="15:30", expected_updated_at=None)
    assert conference.get_conference(con, fac, world["cycle"])["venue"] == "Northvale University, Great Hall"


def test_the_day_must_fall_in_the_cycle_and_keep_its_sessions(con, world, day):
    fac = world["facilitator"]
    with pytest.raises(ValidationError, match="outside 2026/27"):
        conference.save_conference(con, fac, world["cycle"], held_on=dt.date(2027, 8, 20), venue="X", starts_at="09:00",
                                   ends_at="15:00")
    with pytest.raises(ValidationError, match="Ends"):
        conference.save_conference(con, fac, world["cycle"], held_on=dt.date(2027, 7, 2), venue="X", starts_at="15:00",
                                   ends_at="09:00")
    with pytest.raises(ValidationError) as err:
        conference.save_conference(con, fac, world["cycle"], held_on=dt.date(2027, 7, 2), venue="X", starts_at="10:30",
                                   ends_at="15:00")
    assert "'Belonging' (10:00–11:00) falls outside the conference day (10:30–15:00)" in err.value.message
    with pytest.raises(ValidationError, match="not a time"):
        conference.save_conference(con, fac, world["cycle"], held_on=dt.date(2027, 7, 2), venue="X", starts_at="nine",
                                   ends_at="15:00")
    # Moving the day moves the sessions with it, at the same times.
    conference.save_conference(con, fac, world["cycle"], held_on=dt.date(2027, 7, 9), venue="X", starts_at="09:00",
                               ends_at="15:30")
    assert session(con, world, day["a"])["starts_at"] == dt.datetime(2027, 7, 9, 10, 0)


def test_sessions_need_the_day_first(con, world):
    with pytest.raises(ValidationError, match="set the conference's day, venue and hours first"):
        conference.add_session(con, world["facilitator"], world["cycle"], title="A", starts_at="10:00", minutes=30,
                               room="B")
    assert conference.sessions(con, world["teacher"], world["cycle"]) == []
    with pytest.raises(ValidationError, match="has not been set up"):
        conference.programme_document(con, world["teacher"], world["cycle"])


def test_every_write_is_logged(con, world, day):
    conference.set_presentations(con, world["facilitator"], day["a"], [world["enquiry"]])
    logged = con.execute("SELECT entity, action FROM change_log WHERE entity LIKE 'conference%' ORDER BY id").fetchall()
    assert logged == [("conference", "create"), ("conference_session", "create"), ("conference_session", "create"),
                      ("conference_session", "presentations")]


@pytest.mark.parametrize("role, builds", [("facilitator", True), ("teacher", False), ("senior_leader", False),
                                          ("administrator", False)])
def test_who_builds_and_who_reads(con, world, day, role, builds):
    who = world[role]
    assert [s["title"] for s in conference.sessions(con, who, world["cycle"])] == ["Belonging", "Talk"]
    assert conference.programme_document(con, who, world["cycle"])[:2] == b"PK"
    attempt = lambda: conference.add_session(con, who, world["cycle"], title="Extra", starts_at="12:00",  # noqa: E731
                                             minutes=30, room="Room A")
    if builds:
        attempt()
    else:
        with pytest.raises(PermissionDenied, match="cannot build the conference programme"):
            attempt()
        with pytest.raises(PermissionDenied):
            conference.set_presentations(con, who, day["a"], [world["enquiry"]])


def test_nobody_signed_in_reads_nothing(con, world, day):
    with pytest.raises(PermissionDenied):
        conference.sessions(con, None, world["cycle"])


def test_a_finished_cycle_is_kept_as_it_was(con, world, day, monkeypatch):
    monkeypatch.setenv("WORKBENCH_TODAY", "2027-09-01")
    with pytest.raises(PermissionDenied, match="2026/27 finished on 31 Jul 2027"):
        conference.add_session(con, world["facilitator"], world["cycle"], title="Late", starts_at="12:00", minutes=30,
                               room="Room A")
    with pytest.raises(PermissionDenied, match="finished"):
        conference.set_presentations(con, world["facilitator"], day["a"], [world["enquiry"]])
    assert len(conference.sessions(con, world["teacher"], world["cycle"])) == 2  # still read
    both = people.get_person(con, people.create_person(con, SYSTEM, name="Ann Both", email="ann@uni.example.ac.uk",
                                                       roles=["facilitator", "administrator"]))
    conference.set_presentations(con, both, day["a"], [world["enquiry"]])  # administrators may correct it


def test_the_checklist_reads_the_presentation_slot(con, world, day):
    slot = lambda: {i.key: i.done for i in checklists.for_team(con, world["facilitator"], world["team"]).items}[  # noqa: E731
        "presentation_slot"]
    assert slot() is False
    conference.set_presentations(con, world["facilitator"], day["a"], [world["enquiry"]])
    assert slot() is True
    conference.delete_session(con, world["facilitator"], day["a"])
    assert slot() is False


def test_themes_are_suggested_from_shared_codebook_tags(con, world):
    from research_cycle import codebook, evidence

    tags = {n: codebook.add_tag(con, world["facilitator"], n) for n in ("Belonging", "Oracy")}
    for who, enquiry, names in ((world["teacher"], world["enquiry"], ["Belonging", "Oracy"]),
                                (world["other_teacher"], world["other_enquiry"], ["Belonging"])):
        evidence.add_evidence(con, who, enquiry, {"title": "Walk", "kind": "learning walk", "origin": "our practice",
                                                  "collected_on": dt.date(2026, 11, 1)},
                              tag_ids=[tags[n] for n in names])
    assert conference.suggest_themes(con, world["facilitator"], world["cycle"]) == [
        {"theme": "Belonging", "schools": ["Brookside Primary", "Hillcrest Academy"]}]


def test_the_programme_document_lists_sessions_rooms_presenters_and_themes(con, world, day):
    from research_cycle import enquiries

    enquiries.update_enquiry(con, world["teacher"], world["enquiry"], {
        "focus": "Talk", "question": "Does talk help? مرحبا 🙂"})
    conference.set_presentations(con, world["facilitator"], day["a"], [world["enquiry"], world["other_enquiry"]])
    data = conference.programme_document(con, world["senior_leader"], world["cycle"])
    doc = docx.Document(io.BytesIO(data))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [("Heading 1", "10:00–11:00  Belonging"), ("Heading 1", "10:00–11:00  Talk"),
                        ("Heading 1", "Where to find each school")]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Friday 2 July 2027, 09:00–15:30" in text and "Northvale University" in text
    assert "Room: Room A · Theme: Belonging" in text
    rows = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    assert rows == [["", "School", "Team", "Question"],
                    ["1", "Brookside Primary", "Brookside research team", "Does talk help? مرحبا 🙂"],
                    ["2", "Hillcrest Academy", "Hillcrest research team", "Question not written yet"]]
    assert doc.core_properties.language == "en-GB"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_programme(con, world, day, tmp_path):
    conference.set_presentations(con, world["facilitator"], day["a"], [world["enquiry"]])
    path = tmp_path / "programme.docx"
    path.write_bytes(conference.programme_document(con, world["facilitator"], world["cycle"]))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    pdf = (tmp_path / "programme.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000


def test_a_session_and_its_presenters_are_saved_together_or_not_at_all(con, world, day):
    fac = world["facilitator"]
    conference.set_presentations(con, fac, day["a"], [world["enquiry"]])
    conference.set_presentations(con, fac, day["b"], [world["other_enquiry"]])
    later = conference.add_session(con, fac, world["cycle"], title="Posters", starts_at="12:00", minutes=30, room="Hall")
    before = changes(con)
    with pytest.raises(ValidationError, match="Hillcrest Academy .* would present twice at once"):
        conference.update_session(con, fac, later, title="Posters, moved", starts_at="10:30", minutes=30, room="Hall",
                                  enquiry_ids=[world["other_enquiry"]])
    assert session(con, world, later)["title"] == "Posters" and session(con, world, later)["presenters"] == []
    assert changes(con) == before
    # Moving a session whose team would clash is fine when the same save swaps that team out.
    conference.set_presentations(con, fac, later, [world["enquiry"]])
    conference.update_session(con, fac, later, title="Posters", starts_at="10:30", minutes=30, room="Hall",
                              enquiry_ids=[])
    assert session(con, world, later)["presenters"] == []
    assert session(con, world, later)["starts_at"] == dt.datetime(2027, 7, 2, 10, 30)


def test_the_sample_has_a_held_conference_and_next_years_date(sample_con):
    system = SYSTEM
    cyc = {c["label"]: c["id"] for c in cycles.list_cycles(sample_con)}
    held = conference.sessions(sample_con, system, cyc["2025/26"])
    assert len(held) >= 4 and conference.without_slot(sample_con, system, cyc["2025/26"]) == []
    assert {s["theme"] for s in held} >= {"Oracy", "Belonging"}
    slots = [{i.key: i.done for i in c.items}["presentation_slot"]
             for c in checklists.for_cycle(sample_con, cyc["2025/26"]).values()]
    assert slots and all(slots)
    upcoming = conference.get_conference(sample_con, system, cyc["2026/27"])
    assert upcoming["held_on"] == dt.date(2027, 7, 2) and conference.sessions(sample_con, system, cyc["2026/27"]) == []


def test_the_command_line_exports_the_programme_and_a_deck(sample_path, tmp_path, capsys):
    from research_cycle import __main__ as cli

    assert cli.main(["export", "programme", "--cycle", "2025/26", "--to", str(tmp_path / "p.docx")]) == 0
    doc = docx.Document(str(tmp_path / "p.docx"))
    assert "Talk and language" in "\n".join(p.text for p in doc.paragraphs)
    assert cli.main(["export", "slides", "--enquiry", "1", "--to", str(tmp_path / "s.pptx")]) == 0
    assert (tmp_path / "s.pptx").read_bytes()[:2] == b"PK"
    assert cli.main(["export", "programme", "--cycle", "1999/00", "--to", str(tmp_path / "x.docx")]) == 1
    assert "give a cycle's label (2026/27, 2025/26)" in capsys.readouterr().err
    assert cli.main(["export", "slides", "--to", str(tmp_path / "x.pptx")]) == 1
    assert "--enquiry" in capsys.readouterr().err and not (tmp_path / "x.pptx").exists()


def test_bad_text_in_a_session_is_cleaned_or_refused_naming_the_field(con, world, day):
    fac = world["facilitator"]
    session_id = conference.add_session(con, fac, world["cycle"], title="\x07Talk 🙂 مرحبا\x00 ", starts_at="12:00",
                                        minutes=30, room="Room\x1b C")
    saved = session(con, world, session_id)
    assert (saved["title"], saved["room"]) == ("Talk 🙂 مرحبا", "Room C")
    for field, values in (("Title", {"title": "word " * 20_000}), ("Room", {"room": "   "}),
                          ("Length (minutes)", {"minutes": "an hour"})):
        with pytest.raises(ValidationError) as err:
            conference.add_session(con, fac, world["cycle"], **{"title": "X", "starts_at": "13:00", "minutes": 30,
                                                                 "room": "Room D", **values})
        assert err.value.field == field
    with pytest.raises(ValidationError, match="not a time"):
        conference.add_session(con, fac, world["cycle"], title="X", starts_at="25:99", minutes=30, room="Room D")

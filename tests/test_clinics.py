"""Research clinics: publishing, booking (one wins a race), cancelling, advice, follow-ups, .ics."""

import datetime as dt
import threading

import pytest

from research_cycle import clinics
from research_cycle.store import db
from research_cycle.store.actors import SYSTEM
from research_cycle.store.errors import PermissionDenied, ValidationError

SOON = dt.datetime(2026, 12, 2, 15, 30)


@pytest.fixture
def con(tmp_path):
    """A file store (rather than in-memory) so threads can take their own cursors."""
    connection = db.connect(tmp_path / "clinics.duckdb")
    yield connection
    connection.close()


def slot(con, world, **more):
    values = dict(cycle_id=world["cycle"], starts_at=SOON, minutes=45, place="University, room 2.14")
    values.update(more)
    return clinics.publish_slot(con, world["facilitator"], **values)


def test_publish_and_book_and_cancel(con, world):
    slot_id = slot(con, world)
    booking = clinics.book(con, world["teacher"], slot_id, team_id=world["team"], topic="Interview questions",
                           help_wanted="Are our questions leading?")
    listed = clinics.list_slots(con, SYSTEM, world["cycle"]).set_index("id")
    assert listed.loc[slot_id, "booking_id"] == booking and listed.loc[slot_id, "topic"] == "Interview questions"
    with pytest.raises(ValidationError, match="just been booked by another team"):
        clinics.book(con, world["other_teacher"], slot_id, team_id=world["other_team"], topic="Sampling")
    clinics.cancel(con, world["teacher"], booking)
    assert clinics.list_slots(con, SYSTEM, world["cycle"]).set_index("id")["booking_id"].isna().loc[slot_id]
    again = clinics.book(con, world["other_teacher"], slot_id, team_id=world["other_team"], topic="Sampling")
    assert again != booking


def test_two_people_clicking_at_once_one_wins(con, world):
    file_con = con
    slot_id = clinics.publish_slot(file_con, world["facilitator"], cycle_id=world["cycle"], starts_at=SOON, minutes=30,
                                   place="Online", link="https://meet.example.org/clinic")
    results = {}
    barrier = threading.Barrier(2)

    def attempt(name, actor, team_id):
        cursor = file_con.cursor()
        barrier.wait()
        try:
            results[name] = clinics.book(cursor, actor, slot_id, team_id=team_id, topic=f"Help for {name}")
        except ValidationError as exc:
            results[name] = exc

    threads = [threading.Thread(target=attempt, args=("a", world["teacher"], world["team"])),
               threading.Thread(target=attempt, args=("b", world["other_teacher"], world["other_team"]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wins = [v for v in results.values() if isinstance(v, int)]
    losses = [v for v in results.values() if isinstance(v, ValidationError)]
    assert len(wins) == 1 and len(losses) == 1
    assert "just been booked by another team" in str(losses[0])
    assert file_con.execute("SELECT count(*) FROM clinic_booking").fetchone()[0] == 1


@pytest.mark.parametrize("more,field,words", [
    ({"starts_at": dt.datetime(2026, 11, 1, 10, 0)}, "Starts", "in the past"),
    ({"starts_at": dt.datetime(2027, 9, 1, 10, 0)}, "Starts", "inside the cycle"),
    ({"minutes": 0}, "Length (minutes)", "outside"),
    ({"place": "", "link": ""}, "Place", "online link"),
    ({"link": "meet.example.org"}, "Online link", "https://"),
])
def test_bad_slots_are_refused(con, world, more, field, words):
    with pytest.raises(ValidationError) as err:
        slot(con, world, **more)
    assert err.value.field == field and words in err.value.message
    assert con.execute("SELECT count(*) FROM clinic_slot").fetchone()[0] == 0


def test_overlapping_slots_for_one_facilitator(con, world):
    slot(con, world)
    with pytest.raises(ValidationError, match="overlaps your clinic"):
        slot(con, world, starts_at=SOON + dt.timedelta(minutes=30))
    slot(con, world, starts_at=SOON + dt.timedelta(minutes=45))  # back to back is fine


def test_past_and_taken_slots_cannot_be_booked(con, world, monkeypatch):
    slot_id = slot(con, world)
    monkeypatch.setenv("WORKBENCH_TODAY", "2026-12-03")
    with pytest.raises(ValidationError, match="already started or passed"):
        clinics.book(con, world["teacher"], slot_id, team_id=world["team"], topic="Late")
    monkeypatch.setenv("WORKBENCH_TODAY", "2026-11-22")
    with pytest.raises(ValidationError, match="Topic"):
        clinics.book(con, world["teacher"], slot_id, team_id=world["team"], topic="  ")


def test_permissions(con, world):
    for role in ("teacher", "senior_leader", "administrator"):
        with pytest.raises(PermissionDenied):
            clinics.publish_slot(con, world[role], cycle_id=world["cycle"], starts_at=SOON, minutes=30, place="x")
    slot_id = slot(con, world)
    with pytest.raises(PermissionDenied):
        clinics.book(con, world["other_teacher"], slot_id, team_id=world["team"], topic="Not my team")
    booking = clinics.book(con, world["teacher"], slot_id, team_id=world["team"], topic="Ours")
    with pytest.raises(PermissionDenied):
        clinics.cancel(con, world["other_teacher"], booking)
    with pytest.raises(PermissionDenied):
        clinics.record_advice(con, world["teacher"], booking, notes="x", advice="y")


def test_advice_follow_ups_and_invitation(con, world):
    booking = clinics.book(con, world["teacher"], slot(con, world), team_id=world["team"], topic="Coding interviews")
    clinics.record_advice(con, world["facilitator"], booking, notes="Discussed codebook", advice="Pilot with two transcripts")
    follow = clinics.add_follow_up(con, world["facilitator"], booking, what="Send example codebook", who="Dr Fay",
                                   due_on="2026-12-09")
    mine = clinics.bookings_for_team(con, world["teacher"], world["team"])
    assert mine.iloc[0]["advice"] == "Pilot with two transcripts" and mine.iloc[0]["open_follow_ups"] == 1
    clinics.set_follow_up_done(con, world["teacher"], follow)
    assert clinics.bookings_for_team(con, world["teacher"], world["team"]).iloc[0]["open_follow_ups"] == 0
    ics = clinics.invitation(con, world["teacher"], booking).decode()
    assert "BEGIN:VEVENT" in ics and "SUMMARY:Research clinic: Coding interviews" in ics
    assert "DTSTART;TZID=Europe/London:20261202T153000" in ics and "DTEND;TZID=Europe/London:20261202T161500" in ics
    with pytest.raises(ValidationError):
        clinics.add_follow_up(con, world["facilitator"], booking, what=" ", who="x", due_on="2026-12-09")


def test_invitation_carries_the_london_time_zone(con, world):
    booking = clinics.book(con, world["teacher"], slot(con, world), team_id=world["team"], topic="Sampling")
    ics = clinics.invitation(con, world["teacher"], booking).decode()
    assert "BEGIN:VTIMEZONE" in ics and "TZID:Europe/London" in ics
    assert "TZNAME:GMT" in ics and "TZNAME:BST" in ics


def second_facilitator(con, world):
    from research_cycle import people

    pid = people.create_person(con, SYSTEM, name="Dr Sam Second", email="sam@uni.example.ac.uk", roles=["facilitator"])
    return people.get_person(con, pid)


def test_only_the_clinics_own_facilitator_records_it(con, world):
    booking = clinics.book(con, world["teacher"], slot(con, world), team_id=world["team"], topic="Coding")
    clinics.record_advice(con, world["facilitator"], booking, notes="Our notes", advice="Pilot it")
    other = second_facilitator(con, world)
    with pytest.raises(PermissionDenied, match="another facilitator's"):
        clinics.record_advice(con, other, booking, notes="Overwritten", advice="")
    with pytest.raises(PermissionDenied, match="another facilitator's"):
        clinics.add_follow_up(con, other, booking, what="x", who="y", due_on="2026-12-09")
    assert clinics.get_booking(con, other, booking)["notes"] == "Our notes"  # may read, not overwrite


def test_no_advice_on_a_cancelled_booking(con, world):
    booking = clinics.book(con, world["teacher"], slot(con, world), team_id=world["team"], topic="Coding")
    clinics.cancel(con, world["teacher"], booking)
    with pytest.raises(ValidationError, match="cancelled"):
        clinics.record_advice(con, world["facilitator"], booking, notes="n", advice="a")
    with pytest.raises(ValidationError, match="cancelled"):
        clinics.add_follow_up(con, world["facilitator"], booking, what="x", who="y", due_on="2026-12-09")


def test_a_team_booking_its_own_slot_again_is_told_so(con, world):
    slot_id = slot(con, world)
    clinics.book(con, world["teacher"], slot_id, team_id=world["team"], topic="Coding")
    with pytest.raises(ValidationError, match="already booked by your team"):
        clinics.book(con, world["teacher"], slot_id, team_id=world["team"], topic="Coding")


def test_slots_can_be_moved_and_withdrawn_by_their_facilitator(con, world):
    slot_id = slot(con, world)
    later = slot(con, world, starts_at=SOON + dt.timedelta(hours=2))
    with pytest.raises(ValidationError, match="overlaps"):
        clinics.update_slot(con, world["facilitator"], slot_id, starts_at=SOON + dt.timedelta(hours=2, minutes=15),
                            minutes=45, place="Room 1")
    clinics.update_slot(con, world["facilitator"], slot_id, starts_at=SOON + dt.timedelta(days=1), minutes=30,
                        place="Room 9")
    moved = clinics.list_slots(con, SYSTEM, world["cycle"]).set_index("id").loc[slot_id]
    assert moved["place"] == "Room 9" and moved["minutes"] == 30
    with pytest.raises(PermissionDenied):
        clinics.withdraw_slot(con, second_facilitator(con, world), later)
    booking = clinics.book(con, world["teacher"], later, team_id=world["team"], topic="Coding")
    with pytest.raises(ValidationError, match="cancel the booking first"):
        clinics.withdraw_slot(con, world["facilitator"], later)
    clinics.cancel(con, world["facilitator"], booking)
    clinics.withdraw_slot(con, world["facilitator"], later)
    assert later not in set(clinics.list_slots(con, SYSTEM, world["cycle"])["id"])

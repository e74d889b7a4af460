"""Research clinics: facilitators publish slots; a team books one with a topic and what it wants
help with; the facilitator records notes, advice and follow-ups. A slot holds one live booking:
booking is a single conditional update under the store's write lock, so when two people click at
once one wins and the other is told the slot has just gone. Bookings download as calendar
invitations (.ics)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from icalendar import Calendar, Event

from . import cycles, teams
from .store import changelog, clock, db, validate
from .store.actors import Person
from .store.errors import NotFound, PermissionDenied, ValidationError
from .store.formatting import uk_datetime
from .store.permissions import Action, can, require


def _slot(con, slot_id: int) -> dict:
    slot = db.one(con, "clinics/get_slot", [slot_id])
    if slot is None:
        raise NotFound("That clinic slot no longer exists.")
    return slot


def publish_slot(con, actor: Person, *, cycle_id: int, starts_at: dt.datetime, minutes: int, place="", link="",
                 when: dt.datetime | None = None) -> int:
    """Offer a clinic. Refuses a slot in the past, outside the cycle, or overlapping another of the
    same facilitator's slots. ``when`` (the time of publishing) is for loading past cycles."""
    require(con, actor, Action.RUN_CLINICS, cycle_id=cycle_id)
    clean = _clean_slot(starts_at, minutes, place, link, when)
    with db.transaction(con):
        _check_fits(con, actor.id, cycle_id, clean, slot_id=-1)
        slot_id = db.scalar(con, "clinics/insert_slot", [cycle_id, actor.id, clean["starts_at"], clean["minutes"],
                                                         clean["place"], clean["link"]])
        changelog.record(con, actor.id, "clinic_slot", slot_id, "create", None, clean)
    return slot_id


def _clean_slot(starts_at, minutes, place, link, when) -> dict:
    minutes = validate.whole_number("Length (minutes)", minutes, minimum=10, maximum=240)
    place = validate.text("Place", place, limit=validate.SHORT)
    link = validate.text("Online link", link, limit=validate.SHORT)
    if not place and not link:
        raise ValidationError("Place", "say where the clinic is, or give the online link.")
    if link and not link.startswith(("https://", "http://")):
        raise ValidationError("Online link", "should be a web address starting with https://.")
    if not isinstance(starts_at, dt.datetime):
        raise ValidationError("Starts", "give the date and time the clinic starts.")
    if starts_at < (when or clock.now()):
        raise ValidationError("Starts", f"{uk_datetime(starts_at)} is in the past; choose a later time.")
    return {"starts_at": starts_at, "minutes": minutes, "place": place, "link": link}


def _check_fits(con, facilitator_id: int, cycle_id: int, clean: dict, *, slot_id: int) -> None:
    """Inside the cycle's dates, and not overlapping another of the facilitator's slots."""
    starts_at = clean["starts_at"]
    cycle = cycles.get_cycle(con, cycle_id, missing_ok=True)
    if cycle is None or not cycle["starts_on"] <= starts_at.date() <= cycle["ends_on"]:
        raise ValidationError("Starts", "must fall inside the cycle's dates.")
    ends_at = starts_at + dt.timedelta(minutes=clean["minutes"])
    clash = db.one(con, "clinics/overlapping_slot", [facilitator_id, slot_id, ends_at, starts_at])
    if clash:
        raise ValidationError("Starts", f"overlaps your clinic at {uk_datetime(clash['starts_at'])} "
                              f"({clash['minutes']} minutes); choose another time.")


def _own_slot(con, actor: Person, slot_id: int) -> dict:
    """The slot, if the actor is the facilitator holding it (another facilitator's clinic is theirs
    to change)."""
    slot = _slot(con, slot_id)
    require(con, actor, Action.RUN_CLINICS, cycle_id=slot["cycle_id"])
    if "system" not in actor.roles and slot["facilitator_id"] != actor.id:
        raise PermissionDenied(f"{actor.name} cannot change this clinic: it is another facilitator's. "
                               "Ask them, or publish a slot of your own.")
    return slot


def update_slot(con, actor: Person, slot_id: int, *, starts_at: dt.datetime, minutes: int, place="", link="") -> None:
    """Move a slot or change where it is (its own facilitator). A booked slot keeps its booking."""
    slot = _own_slot(con, actor, slot_id)
    if slot["withdrawn_at"] is not None:
        raise ValidationError("Slot", "has been withdrawn; publish a new one instead.")
    clean = _clean_slot(starts_at, minutes, place, link, None)
    with db.transaction(con):
        _check_fits(con, slot["facilitator_id"], slot["cycle_id"], clean, slot_id=slot_id)
        con.execute(db.sql("clinics/update_slot"), [clean["starts_at"], clean["minutes"], clean["place"],
                                                    clean["link"], slot_id])
        changelog.record(con, actor.id, "clinic_slot", slot_id, "update",
                         {k: slot[k] for k in clean}, clean)


def withdraw_slot(con, actor: Person, slot_id: int) -> None:
    """Take a free slot off the timetable (its own facilitator). A booked slot is cancelled first,
    so the team is not left with a booking for a clinic that will not happen."""
    slot = _own_slot(con, actor, slot_id)
    if slot["withdrawn_at"] is not None:
        raise ValidationError("Slot", "is already withdrawn.")
    if slot["booking_id"] is not None:
        raise ValidationError("Slot", "is booked: cancel the booking first (the team sees it cancelled).")
    with db.transaction(con):
        con.execute(db.sql("clinics/withdraw_slot"), [clock.now(), slot_id])
        changelog.record(con, actor.id, "clinic_slot", slot_id, "withdraw", {"withdrawn": False}, {"withdrawn": True})


def list_slots(con, actor: Person, cycle_id: int) -> pd.DataFrame:
    """Every live slot of the cycle with its facilitator and, if booked, the team and topic (for
    teachers, who book, and facilitators, who hold clinics)."""
    require(con, actor, Action.READ_CLINICS)
    return db.frame(con, "clinics/list_slots", [cycle_id])


def book(con, actor: Person, slot_id: int, *, team_id: int, topic, help_wanted="",
         when: dt.datetime | None = None) -> int:
    """Book a free, future slot for the actor's team. Returns the booking id. ``when`` (the time of
    booking) is for loading past cycles."""
    require(con, actor, Action.BOOK_CLINIC, team_id=team_id)
    topic = validate.text("Topic", topic, required=True, limit=validate.SHORT)
    help_wanted = validate.text("What you want help with", help_wanted)
    with db.transaction(con):
        slot = _slot(con, slot_id)
        if slot["withdrawn_at"] is not None:
            raise ValidationError("Slot", "has been withdrawn by the facilitator; choose another.")
        if slot["starts_at"] < (when or clock.now()):
            raise ValidationError("Slot", "has already started or passed; choose a later one.")
        team = teams.get_team(con, team_id, missing_ok=True)
        if team is None or team["cycle_id"] != slot["cycle_id"]:
            raise ValidationError("Slot", "belongs to another cycle; choose one from this cycle.")
        booking_id = db.scalar(con, "clinics/insert_booking", [slot_id, team_id, topic, help_wanted, actor.id,
                                                               when or clock.now()])
        if slot["booking_id"] is not None and is_team_booking(con, slot["booking_id"], team_id):
            raise ValidationError("Slot", "is already booked by your team (see Our bookings below).")
        taken = con.execute(db.sql("clinics/take_slot"), [booking_id, slot_id]).fetchone()
        if taken is None:
            raise ValidationError("Slot", "has just been booked by another team; choose another slot.")
        changelog.record(con, actor.id, "clinic_booking", booking_id, "create", None,
                         {"slot_id": slot_id, "team_id": team_id, "topic": topic, "help_wanted": help_wanted})
    return booking_id


def is_team_booking(con, booking_id: int, team_id: int) -> bool:
    """Whether the clinic booking is this team's."""
    return db.one(con, "clinics/booking_of_team", [booking_id, team_id]) is not None


def _booking(con, booking_id: int) -> dict:
    booking = db.one(con, "clinics/get_booking", [booking_id])
    if booking is None:
        raise NotFound("That booking no longer exists.")
    return booking


def cancel(con, actor: Person, booking_id: int) -> None:
    """Cancel a booking (its team or a facilitator); the slot is free again."""
    booking = _booking(con, booking_id)
    # Facilitators or the team; either way refused once the cycle has finished.
    require(con, actor, Action.RUN_CLINICS if can(con, actor, Action.RUN_CLINICS) else Action.BOOK_CLINIC,
            team_id=booking["team_id"])
    if booking["cancelled_at"] is not None:
        raise ValidationError("Booking", "is already cancelled.")
    with db.transaction(con):
        con.execute(db.sql("clinics/cancel_booking"), [clock.now(), booking_id])
        con.execute(db.sql("clinics/free_slot"), [booking["slot_id"], booking_id])
        changelog.record(con, actor.id, "clinic_booking", booking_id, "cancel", {"cancelled": False}, {"cancelled": True})


def _held_booking(con, actor: Person, booking_id: int) -> dict:
    """A live booking of a clinic the actor holds: only the clinic's own facilitator records its
    notes, advice and follow-ups (so one facilitator never overwrites another's)."""
    booking = _booking(con, booking_id)
    _own_slot(con, actor, booking["slot_id"])
    if booking["cancelled_at"] is not None:
        raise ValidationError("Booking", "was cancelled, so there is no clinic to record.")
    return booking


def record_advice(con, actor: Person, booking_id: int, *, notes, advice) -> None:
    """The clinic's notes and the advice given (its facilitator)."""
    booking = _held_booking(con, actor, booking_id)
    clean = {"notes": validate.text("Notes", notes, limit=20_000), "advice": validate.text("Advice", advice, limit=20_000)}
    with db.transaction(con):
        con.execute(db.sql("clinics/update_advice"), [clean["notes"], clean["advice"], booking_id])
        changelog.record(con, actor.id, "clinic_booking", booking_id, "advice",
                         {"notes": booking["notes"], "advice": booking["advice"]}, clean)


def add_follow_up(con, actor: Person, booking_id: int, *, what, who, due_on) -> int:
    """A follow-up agreed at the clinic: what, who, by when (its facilitator)."""
    _held_booking(con, actor, booking_id)
    clean = {"what": validate.text("Follow-up", what, required=True, limit=validate.MEDIUM),
             "who": validate.text("Who", who, required=True, limit=validate.SHORT),
             "due_on": validate.date("By when", due_on)}
    with db.transaction(con):
        follow_id = db.scalar(con, "clinics/insert_follow_up", [booking_id, clean["what"], clean["who"], clean["due_on"]])
        changelog.record(con, actor.id, "follow_up", follow_id, "create", None, clean)
    return follow_id


def set_follow_up_done(con, actor: Person, follow_up_id: int, done: bool = True) -> None:
    row = db.one(con, "clinics/get_follow_up", [follow_up_id])
    if row is None:
        raise NotFound("That follow-up no longer exists.")
    require(con, actor, Action.RUN_CLINICS if can(con, actor, Action.RUN_CLINICS) else Action.BOOK_CLINIC,
            team_id=row["team_id"])
    with db.transaction(con):
        con.execute(db.sql("clinics/set_follow_up_done"), [bool(done), follow_up_id])
        changelog.record(con, actor.id, "follow_up", follow_up_id, "update", {"done": row["done"]}, {"done": bool(done)})


def bookings_for_team(con, actor: Person, team_id: int) -> pd.DataFrame:
    require(con, actor, Action.READ_EVIDENCE, team_id=team_id)
    return db.frame(con, "clinics/bookings_for_team", [team_id])


def _readable_booking(con, actor: Person, booking_id: int) -> dict:
    """The booking, once the actor may read it: the booking team, or facilitators (who run clinics)."""
    booking = _booking(con, booking_id)
    if not can(con, actor, Action.RUN_CLINICS):
        require(con, actor, Action.READ_EVIDENCE, team_id=booking["team_id"])
    return booking


def get_booking(con, actor: Person, booking_id: int) -> dict:
    """One booking with its slot, notes, advice and follow-ups (for the team and facilitators)."""
    booking = _readable_booking(con, actor, booking_id)
    return {**booking, "follow_ups": db.rows(con, "clinics/list_follow_ups", [booking_id])}


def follow_ups(con, actor: Person, booking_id: int) -> pd.DataFrame:
    """A booking's follow-ups, for the booking team and facilitators."""
    _readable_booking(con, actor, booking_id)
    return db.frame(con, "clinics/list_follow_ups", [booking_id])


def open_follow_ups(con, actor: Person, team_id: int) -> pd.DataFrame:
    """The team's follow-ups not yet done, earliest due first (for the team and facilitators)."""
    require(con, actor, Action.READ_EVIDENCE, team_id=team_id)
    return db.frame(con, "clinics/open_follow_ups_for_team", [team_id])


def invitation(con, actor: Person, booking_id: int) -> bytes:
    """The booking as an iCalendar invitation (.ics), times in Europe/London."""
    booking = _readable_booking(con, actor, booking_id)
    cal = Calendar()
    cal.add("prodid", "-//Enquiry Workbench//Research clinics//EN")
    cal.add("version", "2.0")
    event = Event()
    start = booking["starts_at"].replace(tzinfo=clock.LONDON)
    event.add("uid", f"clinic-booking-{booking_id}@enquiry-workbench")
    event.add("dtstamp", clock.now().replace(tzinfo=clock.LONDON))
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=booking["minutes"]))
    event.add("summary", f"Research clinic: {booking['topic']}")
    event.add("location", booking["link"] or booking["place"])
    event.add("description", f"{booking['team']} with {booking['facilitator']}. {booking['help_wanted']}".strip())
    cal.add_component(event)
    cal.add_missing_timezones()  # a VTIMEZONE for Europe/London, so every calendar shows UK time
    return cal.to_ical()

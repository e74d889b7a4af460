"""The annual conference of a cycle: its day, venue and hours, sessions (title, time, length,
room, theme) and the enquiries presenting in each, in running order.

Facilitators build it; everyone signed in reads the programme. Every change is checked for
clashes and refused with a message naming what clashes: a session outside the day's hours, two
sessions in one room at the same time (or overlapping), and a team presenting in two sessions at
once. The conference's details and each session carry a version: a form loaded before another
facilitator saved the same thing is refused, with its input kept, so neither save is lost.

Documents are built as bytes: the programme here (.docx, see :mod:`research_cycle.lib.programme`),
and a team's presentation starter by :mod:`research_cycle.presentations` (.pptx).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from . import cycles, presentations, schools
from .lib import programme as programme_doc
from .store import changelog, clock, db, validate
from .store.actors import Person
from .store.errors import NotFound, ValidationError
from .store.formatting import uk_date
from .store.permissions import Action, require

ANY = object()  # no version check (loaders and the command line); pages pass the version they loaded
MIN_MINUTES_EACH = 5


def _hm(value) -> str:
    return value.strftime("%H:%M")


def _span(starts_at: dt.datetime, minutes: int) -> str:
    return f"{_hm(starts_at)}–{_hm(starts_at + dt.timedelta(minutes=minutes))}"


def get_conference(con, actor: Person, cycle_id: int) -> dict | None:
    """The cycle's conference (id, held_on, venue, starts_at, ends_at, updated_at,
    updated_by_name), or None before it is set up."""
    require(con, actor, Action.READ_CONFERENCE)
    return db.one(con, "conference/get_conference", [cycle_id])


def _time(field: str, value) -> dt.time:
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    try:
        return dt.time.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(field, f"'{value}' is not a time; give it as 24-hour HH:MM, e.g. 09:30.") from None


def _stale(what: str, who: str | None) -> ValidationError:
    by = f"{who} " if who else "Someone "
    return ValidationError(what, f"{by}saved a change to it while you were editing. Your input is still in the form: "
                           "look at their version (reload the page), then save yours again if it is still needed.")


def save_conference(con, actor: Person, cycle_id: int, *, held_on, venue, starts_at, ends_at,
                    expected_updated_at=ANY) -> int:
    """Set up or change the cycle's conference day, venue and hours. The day must fall in the
    cycle and every session must still fit the hours; sessions move with the day. Refused when
    the conference changed since ``expected_updated_at`` (None: the form saw no conference).
    Returns the conference id."""
    require(con, actor, Action.BUILD_CONFERENCE, cycle_id=cycle_id)
    cycle = cycles.get_cycle(con, cycle_id, missing_ok=True)
    if cycle is None:
        raise NotFound(f"No cycle with id {cycle_id}.")
    clean = {"held_on": validate.date("Date", held_on),
             "venue": validate.text("Venue", venue, required=True, limit=validate.SHORT),
             "starts_at": _time("Starts", starts_at), "ends_at": _time("Ends", ends_at)}
    if not cycle["starts_on"] <= clean["held_on"] <= cycle["ends_on"]:
        raise ValidationError("Date", f"{uk_date(clean['held_on'])} is outside {cycle['label']} "
                              f"({uk_date(cycle['starts_on'])} to {uk_date(cycle['ends_on'])}); choose a day in the cycle.")
    if clean["ends_at"] <= clean["starts_at"]:
        raise ValidationError("Ends", f"must be after the start ({_hm(clean['starts_at'])}).")
    now = clock.now()
    with db.transaction(con):
        before = db.one(con, "conference/get_conference", [cycle_id])
        seen = before["updated_at"] if before else None
        if expected_updated_at is not ANY and expected_updated_at != seen:
            raise _stale("Conference", before["updated_by_name"] if before else None)
        if before is None:
            conference_id = db.scalar(con, "conference/insert_conference", [
                cycle_id, clean["held_on"], clean["venue"], clean["starts_at"], clean["ends_at"], actor.id, now])
            changelog.record(con, actor.id, "conference", conference_id, "create", None, clean)
            return conference_id
        conference_id = before["id"]
        for s in db.rows(con, "conference/list_sessions", [conference_id]):
            _check_hours(clean, s["title"], s["starts_at"].time(), s["minutes"])
        con.execute(db.sql("conference/update_conference"), [clean["held_on"], clean["venue"], clean["starts_at"],
                                                             clean["ends_at"], actor.id, now, conference_id])
        if clean["held_on"] != before["held_on"]:
            con.execute(db.sql("conference/move_sessions"), {"held_on": clean["held_on"], "conference_id": conference_id})
        changed = {k: v for k, v in clean.items() if v != before[k]}
        if changed:
            changelog.record(con, actor.id, "conference", conference_id, "update", {k: before[k] for k in changed}, changed)
    return conference_id


def _check_hours(day: dict, title: str, starts: dt.time, minutes: int) -> None:
    """A session must start and end within the day's hours."""
    begin = dt.datetime.combine(dt.date.min, starts)
    end = begin + dt.timedelta(minutes=minutes)
    opens = dt.datetime.combine(dt.date.min, day["starts_at"])
    closes = dt.datetime.combine(dt.date.min, day["ends_at"])
    if begin < opens or end > closes:
        raise ValidationError("Starts", f"'{title}' ({_hm(begin)}–{_hm(end)}) falls outside the conference day "
                              f"({_hm(day['starts_at'])}–{_hm(day['ends_at'])}); move it, shorten it, or change "
                              "the day's hours.")


def _clean_session(title, starts_at, minutes, room, theme) -> dict:
    return {"title": validate.text("Title", title, required=True, limit=validate.SHORT),
            "starts_at": _time("Starts", starts_at),
            "minutes": validate.whole_number("Length (minutes)", minutes, minimum=5, maximum=600),
            "room": validate.text("Room", room, required=True, limit=validate.SHORT),
            "theme": validate.text("Theme", theme, limit=validate.SHORT)}


def _check_room(con, conference_id: int, session_id: int, clean: dict, starts: dt.datetime) -> None:
    ends = starts + dt.timedelta(minutes=clean["minutes"])
    other = db.one(con, "conference/room_clash", {"conference_id": conference_id, "session_id": session_id,
                                                  "room": clean["room"], "starts_at": starts, "ends_at": ends})
    if other is None:
        return
    if other["starts_at"] == starts:
        raise ValidationError("Room", f"{other['room']} is already used at {_hm(starts)} by '{other['title']}'; "
                              "choose another room or time.")
    raise ValidationError("Starts", f"'{clean['title']}' ({_hm(starts)}–{_hm(ends)}) overlaps '{other['title']}' "
                          f"({_hm(other['starts_at'])}–{_hm(other['ends_at'])}) in {other['room']}; choose another "
                          "room or time.")


def _check_teams(con, conference_id: int, session_id: int, title: str, enquiry_ids, starts: dt.datetime,
                 minutes: int) -> None:
    if not enquiry_ids:
        return
    clashes = db.rows(con, "conference/team_clashes", {
        "conference_id": conference_id, "session_id": session_id, "enquiry_ids": [int(e) for e in enquiry_ids],
        "starts_at": starts, "ends_at": starts + dt.timedelta(minutes=minutes)})
    if clashes:
        c = clashes[0]
        raise ValidationError("Presentations", f"{c['school']} ({c['team']}) would present twice at once: in "
                              f"'{title}' ({_span(starts, minutes)}) and in '{c['title']}' "
                              f"({_hm(c['starts_at'])}–{_hm(c['ends_at'])}, {c['room']}). Move one of them.")


def _conference(con, cycle_id: int) -> dict:
    found = db.one(con, "conference/get_conference", [cycle_id])
    if found is None:
        raise ValidationError("Conference", "set the conference's day, venue and hours first.")
    return found


def add_session(con, actor: Person, cycle_id: int, *, title, starts_at, minutes, room, theme="") -> int:
    """A session on the conference day (``starts_at``: its time of day). Returns its id."""
    require(con, actor, Action.BUILD_CONFERENCE, cycle_id=cycle_id)
    clean = _clean_session(title, starts_at, minutes, room, theme)
    with db.transaction(con):
        day = _conference(con, cycle_id)
        _check_hours(day, clean["title"], clean["starts_at"], clean["minutes"])
        starts = dt.datetime.combine(day["held_on"], clean["starts_at"])
        _check_room(con, day["id"], -1, clean, starts)
        session_id = db.scalar(con, "conference/insert_session", [
            day["id"], clean["title"], clean["theme"], clean["room"], starts, clean["minutes"], actor.id, clock.now()])
        changelog.record(con, actor.id, "conference_session", session_id, "create", None, {**clean, "starts_at": starts})
    return session_id


def _session(con, session_id: int) -> dict:
    found = db.one(con, "conference/get_session", [session_id])
    if found is None or found["deleted_at"] is not None:
        raise NotFound("That session is no longer on the programme.")
    return found


def _check_version(con, session: dict, expected_updated_at) -> None:
    if expected_updated_at is not ANY and expected_updated_at != session["updated_at"]:
        raise _stale(f"Session '{session['title']}'", session["updated_by_name"])


def update_session(con, actor: Person, session_id: int, *, title, starts_at, minutes, room, theme="",
                   enquiry_ids=None, expected_updated_at=ANY) -> None:
    """Change a session and, when ``enquiry_ids`` is given, who presents in it (one save: both or
    neither). Its presenters must be free at its new time."""
    session = _session(con, session_id)
    require(con, actor, Action.BUILD_CONFERENCE, cycle_id=session["cycle_id"])
    clean = _clean_session(title, starts_at, minutes, room, theme)
    with db.transaction(con):
        session = _session(con, session_id)
        _check_version(con, session, expected_updated_at)
        day = {"starts_at": session["day_starts"], "ends_at": session["day_ends"]}
        _check_hours(day, clean["title"], clean["starts_at"], clean["minutes"])
        starts = dt.datetime.combine(session["held_on"], clean["starts_at"])
        _check_room(con, session["conference_id"], session_id, clean, starts)
        before_presenters = [r["enquiry_id"] for r in db.rows(con, "conference/session_presenters", [session_id])]
        presenters = before_presenters if enquiry_ids is None else _chosen(con, session, enquiry_ids, clean["minutes"])
        _check_teams(con, session["conference_id"], session_id, clean["title"], presenters, starts, clean["minutes"])
        con.execute(db.sql("conference/update_session"), [clean["title"], clean["theme"], clean["room"], starts,
                                                          clean["minutes"], actor.id, clock.now(), session_id])
        before = {k: session[k] for k in ("title", "theme", "room", "minutes")} | {"starts_at": session["starts_at"]}
        after = {**clean, "starts_at": starts}
        changed = {k: v for k, v in after.items() if v != before[k]}
        if changed:
            changelog.record(con, actor.id, "conference_session", session_id, "update",
                             {k: before[k] for k in changed}, changed)
        if presenters != before_presenters:
            _replace_presenters(con, actor, session_id, before_presenters, presenters)


def delete_session(con, actor: Person, session_id: int, *, expected_updated_at=ANY) -> None:
    """Take a session off the programme; its teams show as without a slot again."""
    session = _session(con, session_id)
    require(con, actor, Action.BUILD_CONFERENCE, cycle_id=session["cycle_id"])
    with db.transaction(con):
        session = _session(con, session_id)
        _check_version(con, session, expected_updated_at)
        now = clock.now()
        con.execute(db.sql("conference/delete_session"), [now, actor.id, now, session_id])
        changelog.record(con, actor.id, "conference_session", session_id, "delete", {"title": session["title"]}, None)


def _chosen(con, session: dict, enquiry_ids, minutes: int) -> list[int]:
    """The presenters asked for, checked: enquiries of the conference's cycle, each once, with at
    least MIN_MINUTES_EACH minutes each."""
    chosen = [int(e) for e in dict.fromkeys(validate.count("Presentations", enquiry_ids, limit=40, each="team"))]
    known = {r["enquiry_id"] for r in db.rows(con, "conference/cycle_enquiries", [session["cycle_id"]])}
    if any(e not in known for e in chosen):
        raise ValidationError("Presentations", "one of the teams is not in this cycle; choose from the list.")
    if chosen and minutes // len(chosen) < MIN_MINUTES_EACH:
        raise ValidationError("Presentations", f"{len(chosen)} teams in {minutes} minutes leaves each fewer "
                              f"than {MIN_MINUTES_EACH} minutes; lengthen the session or move some teams to another.")
    return chosen


def _replace_presenters(con, actor: Person, session_id: int, before: list[int], chosen: list[int]) -> None:
    con.execute(db.sql("conference/delete_presentations"), [session_id])
    for position, enquiry_id in enumerate(chosen, start=1):
        con.execute(db.sql("conference/insert_presentation"), [session_id, enquiry_id, position])
    con.execute(db.sql("conference/touch_session"), [actor.id, clock.now(), session_id])
    changelog.record(con, actor.id, "conference_session", session_id, "presentations",
                     {"enquiries": before}, {"enquiries": chosen})


def set_presentations(con, actor: Person, session_id: int, enquiry_ids, *, expected_updated_at=ANY) -> None:
    """Who presents in the session, in running order (replacing the list). Each must be an
    enquiry of the conference's cycle, free at that time, with at least MIN_MINUTES_EACH each."""
    session = _session(con, session_id)
    require(con, actor, Action.BUILD_CONFERENCE, cycle_id=session["cycle_id"])
    with db.transaction(con):
        session = _session(con, session_id)
        _check_version(con, session, expected_updated_at)
        chosen = _chosen(con, session, enquiry_ids, session["minutes"])
        _check_teams(con, session["conference_id"], session_id, session["title"], chosen, session["starts_at"],
                     session["minutes"])
        before = [r["enquiry_id"] for r in db.rows(con, "conference/session_presenters", [session_id])]
        _replace_presenters(con, actor, session_id, before, chosen)


def sessions(con, actor: Person, cycle_id: int) -> list[dict]:
    """The programme: each live session (id, title, theme, room, starts_at, ends_at, minutes,
    updated_at) with its ``presenters`` in running order (enquiry_id, team_id, school, team,
    question). Empty before the conference is set up."""
    day = get_conference(con, actor, cycle_id)
    if day is None:
        return []
    found = db.rows(con, "conference/list_sessions", [day["id"]])
    by_session: dict[int, list[dict]] = {s["id"]: [] for s in found}
    for p in db.rows(con, "conference/list_presentations", [day["id"]]):
        by_session[p["session_id"]].append(p)
    for s in found:
        s["presenters"] = by_session[s["id"]]
    return found


def enquiries_of_cycle(con, actor: Person, cycle_id: int) -> list[dict]:
    """Every enquiry of the cycle (enquiry_id, team_id, school, team, question) with ``slots``:
    how many sessions it presents in."""
    slots = Counter(p["enquiry_id"] for s in sessions(con, actor, cycle_id) for p in s["presenters"])
    found = db.rows(con, "conference/cycle_enquiries", [cycle_id])
    for row in found:
        row["slots"] = slots[row["enquiry_id"]]
    return found


def without_slot(con, actor: Person, cycle_id: int) -> list[dict]:
    """The cycle's teams that do not present in any session yet (withdrawn enquiries left out)."""
    return [r for r in enquiries_of_cycle(con, actor, cycle_id) if r["slots"] == 0 and r["status"] != "withdrawn"]


def suggest_themes(con, actor: Person, cycle_id: int, *, limit: int = 6) -> list[dict]:
    """Session themes suggested from the codebook: the tags the most teams used on their evidence,
    each with the schools that used it ({"theme", "schools"}), most shared first."""
    require(con, actor, Action.BUILD_CONFERENCE)
    schools_by_tag: dict[str, list[str]] = {}
    for row in db.rows(con, "conference/theme_tags", [cycle_id]):
        schools_by_tag.setdefault(row["tag"], []).append(row["school"])
    ranked = sorted(schools_by_tag.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [{"theme": tag, "schools": names} for tag, names in ranked if len(names) >= 2][:limit]


def programme_document(con, actor: Person, cycle_id: int) -> bytes:
    """The conference programme as .docx: sessions, rooms, presenters (school, team, question),
    themes. ValidationError before the conference is set up."""
    day = get_conference(con, actor, cycle_id)
    if day is None:
        raise ValidationError("Conference", "has not been set up for this cycle yet, so there is no programme.")
    cycle = cycles.get_cycle(con, cycle_id)
    alliance = schools.get_alliance(con) or {}
    built = [programme_doc.Session(title=s["title"], starts_at=s["starts_at"], ends_at=s["ends_at"], room=s["room"],
                               theme=s["theme"],
                               presenters=[programme_doc.Presenter(p["school"], p["team"], p["question"] or "")
                                           for p in s["presenters"]])
             for s in sessions(con, actor, cycle_id)]
    return programme_doc.build(programme_doc.Programme(
        alliance=alliance.get("name") or "Teaching school alliance", cycle=cycle["label"], held_on=day["held_on"],
        venue=day["venue"], starts_at=day["starts_at"], ends_at=day["ends_at"], sessions=built))


def slides(con, actor: Person, enquiry_id: int) -> bytes:
    """A team's presentation starter for the conference (.pptx): see :mod:`research_cycle.presentations`."""
    return presentations.slides(con, actor, enquiry_id)

"""Load the demo alliance from ``sample_data/*.csv`` through the same domain functions users
call, so sample rows are validated and logged like any other write.

The loader grows by files: each step reads one CSV and is listed in ``STEPS`` in order. Later
capabilities add their own files and steps. Everything is loaded in one transaction: a broken
file leaves the store as it was.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from .. import (
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
    schools,
    teams,
    writeups,
)
from ..lib import tabular
from ..store import db, permissions
from ..store.actors import SYSTEM, Person
from ..store.errors import ValidationError
from ..store.vocab import WRITEUP_SECTIONS

SAMPLE_DIR = db.PROJECT_ROOT / "sample_data"


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _split(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def _true(value: str) -> bool:
    return (value or "").strip().lower() in {"true", "yes", "1"}


class _Ids:
    """Maps the natural keys used in the CSV files (URN, email, cycle label) to store ids."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.school: dict[str, int] = {}
        self.person: dict[str, int] = {}
        self.cycle: dict[str, int] = {}
        self.team: dict[tuple[str, str], int] = {}
        self.enquiry: dict[tuple[str, str], int] = {}
        self.tag: dict[str, int] = {}
        self.evidence: dict[tuple[str, str, str], int] = {}  # (cycle, urn, title)
        self.meeting: dict[tuple[str, str], int] = {}  # (cycle, title)
        self.meeting_day: dict[int, dt.date] = {}  # meeting id -> the day it was held
        self.action: dict[tuple[str, str, str], int] = {}  # (cycle, urn, strategy)


def _schools(con, rows, ids: _Ids):
    for r in rows:
        ids.school[r["urn"]] = schools.create_school(
            con, SYSTEM, urn=r["urn"], name=r["name"], phase=r["phase"], type=r["type"], pupils=r["pupils"],
            pct_pupil_premium=r["pct_pupil_premium"], pct_eal=r["pct_eal"], pct_send=r["pct_send"])


def _alliance(con, rows, ids: _Ids):
    r = rows[0]
    schools.save_alliance(con, SYSTEM, name=r["name"], university_partner=r["university_partner"],
                          local_authority=r["local_authority"], lead_school_id=ids.school.get(r["lead_school_urn"]))


def _people(con, rows, ids: _Ids):
    for r in rows:
        ids.person[r["email"].lower()] = people.create_person(
            con, SYSTEM, name=r["name"], email=r["email"], school_id=ids.school.get(r["school_urn"] or ""),
            roles=_split(r["roles"]))


def _cycles(con, rows, ids: _Ids):
    for r in rows:
        ids.cycle[r["label"]] = cycles.create_cycle(con, SYSTEM, label=r["label"], starts_on=r["starts_on"],
                                                   ends_on=r["ends_on"])


def _teams(con, rows, ids: _Ids):
    for r in rows:
        key = (r["cycle"], r["school_urn"])
        ids.team[key] = teams.create_team(con, SYSTEM, cycle_id=ids.cycle[r["cycle"]],
                                          school_id=ids.school[r["school_urn"]], name=r["name"])
        ids.enquiry[key] = teams.get_team(con, ids.team[key])["enquiry_id"]


def _members(con, rows, ids: _Ids):
    for r in rows:
        teams.add_member(con, SYSTEM, ids.team[(r["cycle"], r["school_urn"])], ids.person[r["email"].lower()],
                         is_lead=_true(r["is_lead"]))


def _question_date(con, cycle_id: int) -> dt.datetime:
    """When a sample question was first agreed: the cycle's 'question agreed' milestone."""
    calendar = cycles.milestones(con, cycle_id)
    agreed = calendar[calendar["kind"] == "question"]["due_on"]
    day = agreed.iloc[0] if len(agreed) else cycles.get_cycle(con, cycle_id)["starts_on"]
    return dt.datetime.combine(day, dt.time(16, 0))


def _lead(con, team_id: int) -> Person:
    first = teams.members(con, SYSTEM, team_id)[0]  # the lead is listed first
    return people.get_person(con, first["person_id"])


def _enquiries(con, rows, ids: _Ids):
    for r in rows:
        key = (r["cycle"], r["school_urn"])
        values = {f: r[f] for f in ("focus", "question", "hunch", "why_it_matters", "context", "ethics_plan", "status")}
        values["target_groups"] = _split(r["target_groups"])
        values["year_groups"] = _split(r["year_groups"])
        values["ethics_agreed"] = _true(r["ethics_agreed"])
        enquiries.update_enquiry(con, _lead(con, ids.team[key]), ids.enquiry[key], values,
                                 reason="First version agreed by the team",
                                 when=_question_date(con, ids.cycle[r["cycle"]]))


def _revisions(con, rows, ids: _Ids):
    for r in rows:
        key = (r["cycle"], r["school_urn"])
        by = people.get_person(con, ids.person[r["revised_by_email"].lower()])
        when = dt.datetime.combine(dt.date.fromisoformat(r["revised_on"]), dt.time(17, 30))
        enquiries.update_enquiry(con, by, ids.enquiry[key], {"question": r["question"]}, reason=r["reason"],
                                 prompted_by=r["prompted_by"], when=when)


def _facilitator(con) -> Person:
    found = people.list_people(con, SYSTEM)
    first = found[found["roles"].map(lambda r: "facilitator" in r)].iloc[0]
    return people.get_person(con, int(first["id"]))


def _codebook(con, rows, ids: _Ids):
    curator = _facilitator(con)
    for r in rows:
        ids.tag[r["name"]] = codebook.add_tag(con, curator, r["name"], r["description"])


def _evidence(con, rows, ids: _Ids):
    for r in rows:
        key = (r["cycle"], r["school_urn"])
        by = people.get_person(con, ids.person[r["collected_by_email"].lower()])
        values = {f: r[f] for f in ("title", "kind", "origin", "participants", "participant_count", "collected_on",
                                     "summary", "notes", "consent", "sensitivity")}
        values["voices"] = _split(r["voices"])
        values["quotes"] = [q for q in r["quotes"].split("|") if q.strip()]
        values["collected_by"] = by.id
        when = dt.datetime.combine(dt.date.fromisoformat(r["collected_on"]), dt.time(16, 30))
        ids.evidence[(*key, r["title"])] = evidence.add_evidence(
            con, by, ids.enquiry[key], values, tag_ids=[ids.tag[t] for t in _split(r["tags"])], when=when)


def _literature(con, rows, ids: _Ids):
    from ..lib.references import Reference

    for r in rows:
        key = (r["cycle"], r["school_urn"])
        ref = Reference(authors=_split(r["authors"]), year=int(r["year"]) if r["year"] else None, title=r["title"],
                        source=r["source"], volume=r["volume"], issue=r["issue"], pages=r["pages"],
                        publisher=r["publisher"], place=r["place"], doi=r["doi"], url=r["url"], kind=r["kind"],
                        key_points=r["key_points"], bearing=r["bearing"])
        literature.add_reference(con, _lead(con, ids.team[key]), ids.enquiry[key], ref)


def _findings(con, rows, ids: _Ids):
    for r in rows:
        key = (r["cycle"], r["school_urn"])
        support = [ids.evidence[(*key, t)] for t in r["evidence_titles"].split("|") if t]
        findings.add_finding(con, _lead(con, ids.team[key]), ids.enquiry[key], claim=r["claim"], detail=r["detail"],
                             evidence_ids=support)


def _datasets(con, rows, ids: _Ids):
    for r in rows:
        key = (r["cycle"], r["school_urn"])
        path = ids.directory / r["file"]
        table = tabular.read_table(path.read_bytes(), path.name)
        roles = dict(pair.split("=", 1) for pair in r["roles"].split(";") if pair)
        datasets.import_dataset(con, _lead(con, ids.team[key]), ids.evidence[(*key, r["evidence_title"])], table,
                                name=r["name"], filename=path.name, roles=roles,
                                attainment=[c for c in r.get("attainment", "").split(";") if c])


def _actions(con, rows, ids: _Ids):
    """Action plans: a row per action, and a row per further impact review of the same action.
    Each action starts as planned or in progress, and takes its final status (done, stopped)
    after its reviews, so the change log tells the year in order."""
    made: dict[tuple[str, str, str], int] = {}
    final: dict[int, tuple[Person, str, str, dt.datetime]] = {}
    for r in rows:
        key = (r["cycle"], r["school_urn"])
        lead, enquiry_id = _lead(con, ids.team[key]), ids.enquiry[key]
        action_key = (*key, r["strategy"])
        if action_key not in made:
            claims = {f.claim: int(f.id) for f in findings.list_findings(con, SYSTEM, enquiry_id).itertuples()}
            made[action_key] = actions.add_action(
                con, lead, enquiry_id, strategy=r["strategy"], finding_ids=[claims[c] for c in _split_bar(r["findings"])],
                owner=r["owner"], starts_on=r["starts_on"], review_on=r["review_on"],
                success_criteria=r["success_criteria"], status="planned" if r["status"] == "planned" else "in progress",
                when=dt.datetime.combine(dt.date.fromisoformat(r["starts_on"]), dt.time(16, 0)))
        action_id = ids.action[action_key] = made[action_key]
        ended = dt.date.fromisoformat(r["reviewed_on"] or r["review_on"])
        final[action_id] = (lead, r["status"], r["stop_reason"], dt.datetime.combine(ended, dt.time(17, 0)))
        if r["reviewed_on"]:
            named = {d.name: int(d.id) for d in datasets.list_datasets(con, lead, enquiry_id).itertuples()}
            actions.add_impact_review(
                con, lead, action_id, what_changed=r["what_changed"], for_whom=_split(r["for_whom"]),
                evidence_ids=[ids.evidence[(*key, t)] for t in _split_bar(r["evidence_titles"])],
                dataset_id=named[r["dataset"]] if r["dataset"] else None, chart=r["chart"] or None,
                chart_options=dict(p.split("=", 1) for p in _split(r["chart_options"])), reviewed_on=r["reviewed_on"],
                when=dt.datetime.combine(dt.date.fromisoformat(r["reviewed_on"]), dt.time(16, 30)))
    for action_id, (lead, status, reason, when) in final.items():
        if status in ("done", "stopped"):
            actions.update_action(con, lead, action_id, status=status, stop_reason=reason, when=when)


def _split_bar(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _meetings(con, rows, ids: _Ids):
    runner = _facilitator(con)
    for r in rows:
        attending = [team_id for (cycle, _), team_id in ids.team.items() if cycle == r["cycle"]]
        ids.meeting[(r["cycle"], r["title"])] = meetings.schedule(
            con, runner, cycle_id=ids.cycle[r["cycle"]], title=r["title"], held_on=r["held_on"], place=r["place"],
            agenda=r["agenda"], team_ids=attending)
        ids.meeting_day[ids.meeting[(r["cycle"], r["title"])]] = dt.date.fromisoformat(r["held_on"])


def _meeting_groups(con, rows, ids: _Ids):
    runner = _facilitator(con)
    chosen: dict[int, list[list[int]]] = {}
    for r in rows:
        chosen.setdefault(ids.meeting[(r["cycle"], r["meeting_title"])], []).append(
            [ids.team[(r["cycle"], urn)] for urn in _split(r["school_urns"])])
    for meeting_id in ids.meeting.values():
        if meeting_id in chosen:
            meetings.set_groups(con, runner, meeting_id, chosen[meeting_id])
        else:
            meetings.propose_groups(con, runner, meeting_id)


def _critique(con, rows, ids: _Ids):
    """Critique given at a meeting is dated that meeting's afternoon (in the order of the file);
    its answer is dated ``answered_on`` (a week after the meeting when blank), and may name the
    action it led to (``action_strategy``, an action of the same enquiry)."""
    given: dict[int, int] = {}
    for r in rows:
        key = (r["cycle"], r["school_urn"])
        meeting_id = ids.meeting[(r["cycle"], r["meeting_title"])]
        given[meeting_id] = given.get(meeting_id, 0) + 1
        said = dt.datetime.combine(ids.meeting_day[meeting_id], dt.time(15, 30)) + dt.timedelta(minutes=given[meeting_id])
        giver = people.get_person(con, ids.person[r["from_email"].lower()])
        item = critique.add_critique(con, giver, ids.enquiry[key], kind=r["kind"], text=r["text"], source="meeting",
                                     meeting_id=meeting_id, when=said)
        if not r["response"]:
            continue
        answered = (dt.datetime.combine(dt.date.fromisoformat(r["answered_on"]), dt.time(17, 0))
                    if r.get("answered_on") else said + dt.timedelta(days=7))
        if answered < said:
            raise ValidationError("answered_on", f"{r['answered_on']} is before the meeting the critique came from.")
        strategy = (r.get("action_strategy") or "").strip()
        critique.answer_critique(con, _lead(con, ids.team[key]), item, accepted=r["response"] == "accepted",
                                 text=r["response_text"], revision_no=int(r["revision_no"]) if r["revision_no"] else None,
                                 action_id=ids.action[(*key, strategy)] if strategy else None, when=answered)


def _clinics(con, rows, ids: _Ids):
    for r in rows:
        runner = people.get_person(con, ids.person[r["facilitator_email"].lower()])
        starts = dt.datetime.fromisoformat(r["starts_at"])
        slot_id = clinics.publish_slot(con, runner, cycle_id=ids.cycle[r["cycle"]], starts_at=starts,
                                       minutes=int(r["minutes"]), place=r["place"], link=r["link"],
                                       when=starts - dt.timedelta(days=21))
        if not r["booked_by_email"]:
            continue
        booker = people.get_person(con, ids.person[r["booked_by_email"].lower()])
        team_id = next(t["id"] for t in teams.my_teams(con, booker, ids.cycle[r["cycle"]]))
        booking = clinics.book(con, booker, slot_id, team_id=team_id, topic=r["topic"], help_wanted=r["help_wanted"],
                               when=starts - dt.timedelta(days=7))
        if r["advice"]:
            clinics.record_advice(con, runner, booking, notes="", advice=r["advice"])
        if r["follow_up"]:
            follow = clinics.add_follow_up(con, runner, booking, what=r["follow_up"], who=r["follow_up_who"],
                                           due_on=r["follow_up_due"])
            if _true(r["follow_up_done"]):
                clinics.set_follow_up_done(con, runner, follow)


def _conference(con, rows, ids: _Ids):
    """The conference of each cycle (a row without a session), then its sessions and presenters."""
    runner = _facilitator(con)
    for r in rows:
        cycle_id = ids.cycle[r["cycle"]]
        if not r["session"]:
            conference.save_conference(con, runner, cycle_id, held_on=r["held_on"], venue=r["venue"],
                                       starts_at=r["day_starts"], ends_at=r["day_ends"])
            continue
        session_id = conference.add_session(con, runner, cycle_id, title=r["session"], starts_at=r["starts"],
                                            minutes=r["minutes"], room=r["room"], theme=r["theme"])
        presenters = [ids.enquiry[(r["cycle"], urn)] for urn in _split(r["presenters"])]
        if presenters:
            conference.set_presentations(con, runner, session_id, presenters)


def _writeups(con, rows, ids: _Ids):
    """Each listed enquiry's write-up: every section saved from the draft assembled from its
    records, except the team's own words where the file gives them (the abstract, and the
    limitations no record holds), then marked ready on ``ready_on`` (written over the week before)."""
    for r in rows:
        key = (r["cycle"], r["school_urn"])
        lead, enquiry_id = _lead(con, ids.team[key]), ids.enquiry[key]
        ready = dt.datetime.combine(dt.date.fromisoformat(r["ready_on"]), dt.time(17, 0))
        drafted = writeups.drafts(con, lead, enquiry_id)
        for n, section in enumerate(WRITEUP_SECTIONS):
            body = (r.get(section) or "").strip() or drafted[section]
            writeups.save_section(con, lead, enquiry_id, section, body, expected_updated_at=None,
                                  when=ready - dt.timedelta(days=7) + dt.timedelta(minutes=10 * n))
        writeups.mark_ready(con, lead, enquiry_id, when=ready)


STEPS: list[tuple[str, Callable]] = [
    ("schools.csv", _schools),
    ("alliance.csv", _alliance),
    ("people.csv", _people),
    ("cycles.csv", _cycles),
    ("teams.csv", _teams),
    ("team_members.csv", _members),
    ("enquiries.csv", _enquiries),
    ("question_revisions.csv", _revisions),
    ("codebook.csv", _codebook),
    ("evidence.csv", _evidence),
    ("literature.csv", _literature),
    ("findings.csv", _findings),
    ("datasets.csv", _datasets),
    ("actions.csv", _actions),
    ("meetings.csv", _meetings),
    ("meeting_groups.csv", _meeting_groups),
    ("critique.csv", _critique),
    ("clinics.csv", _clinics),
    ("conference.csv", _conference),
    ("writeups.csv", _writeups),
]


def load(con, directory: Path = SAMPLE_DIR) -> dict[str, int]:
    """Load every sample file in order, all or nothing. Returns rows read per file."""
    ids = _Ids(directory)
    counts = {}
    # The finished cycle's history is replayed, which only loaders may do.
    with db.transaction(con), permissions.recording_history():
        for filename, step in STEPS:
            rows = read_csv(directory / filename)
            try:
                step(con, rows, ids)
            except (ValidationError, KeyError) as exc:
                raise ValidationError(f"sample_data/{filename}", f"could not be loaded: {exc}") from exc
            counts[filename] = len(rows)
    return counts

"""The programme overview for facilitators: every team of a cycle against every stage
checklist, who is stuck and why, and the schools that are left out (no team, no question, no
critical friend, no clinic), with their context so that the most disadvantaged schools are never
the ones quietly missing.

A cycle is judged at its reference date: today while it runs, its end date once it has finished.
A finished cycle never flags a team as stuck; it shows each team's outcome instead (the stage it
had reached when the year ended, or "Finished")."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from . import actions, checklists, clinics, critique, cycles, evidence
from .store import clock, db
from .store.actors import Person
from .store.permissions import Action, require
from .store.vocab import STAGES

EVIDENCE_QUIET_DAYS = 21
CRITIQUE_WAIT_DAYS = 14


def reference_date(cycle: dict, today: dt.date | None = None) -> dt.date:
    """The day a cycle is judged at: today while it runs, its end date once it has finished."""
    return min(today or clock.today(), cycle["ends_on"])


def is_finished(cycle: dict, today: dt.date | None = None) -> bool:
    """Whether the cycle's end date has passed (its records are then read-only)."""
    return (today or clock.today()) > cycle["ends_on"]


def outcome(current_stage: str) -> str:
    """What a team of a finished cycle achieved: "Finished", or the stage it had reached."""
    return "Finished" if current_stage == "Complete" else f"Reached {current_stage}"


def programme(con, actor: Person, cycle_id: int) -> pd.DataFrame:
    """One row per team: school, context, question, and 'done/total' per stage, current stage,
    activity (open critique, overdue follow-ups and impact reviews, clinics) and why a team looks
    stuck, judged at the cycle's reference date. For a finished cycle an "Outcome" column follows
    the current stage, and nobody is flagged as stuck."""
    require(con, actor, Action.VIEW_OVERVIEW)
    cycle = cycles.get_cycle(con, cycle_id)
    teams = db.frame(con, "overview/programme_teams", [cycle_id])
    lists = checklists.for_cycle(con, cycle_id)
    current, progress = [], {stage: [] for stage in STAGES}
    for team_id in teams["team_id"]:
        checklist = lists[int(team_id)]
        current.append(checklist.current_stage)
        for stage in STAGES:
            done, total = checklist.progress(stage)
            progress[stage].append(f"{done}/{total}")
    teams.insert(3, "Current stage", current)
    if is_finished(cycle):
        teams.insert(4, "Outcome", [outcome(stage) for stage in current])
    for stage in STAGES:
        teams[stage] = progress[stage]
    activity = db.frame(con, "overview/team_activity", {"cycle_id": cycle_id, "today": clock.today()})
    activity = activity.set_index("team_id").reindex(teams["team_id"])
    teams["Last activity"] = list(activity["last_activity"])
    teams["Open critique"] = list(activity["open_critique"].fillna(0).astype(int))
    teams["Overdue follow-ups"] = list(activity["overdue_follow_ups"].fillna(0).astype(int))
    overdue_reviews = actions.overdue_by_team(con, actor, cycle_id)  # none once the cycle has finished
    teams["Overdue reviews"] = [overdue_reviews.get(int(t), 0) for t in teams["team_id"]]
    teams["Clinics"] = list(activity["clinics"].fillna(0).astype(int))
    teams["Stuck because"] = [stuck_reasons(row, cycle) for row in activity.to_dict("records")]
    return teams


def stuck_reasons(row: dict, cycle: dict, today: dt.date | None = None) -> str:
    """Why a team looks stuck (empty when it does not): no new evidence for 3 weeks, critique
    unanswered for 2 weeks, a follow-up overdue, no clinic by February, no critical friend.
    Judged at the cycle's reference date; always empty once the cycle has finished."""
    if is_finished(cycle, today):
        return ""
    today = reference_date(cycle, today)
    reasons = []
    evidence_due = cycle["starts_on"] + dt.timedelta(days=EVIDENCE_QUIET_DAYS)
    last = row.get("last_evidence")
    if today >= evidence_due and (last is None or last != last or (today - _date(last)).days > EVIDENCE_QUIET_DAYS):
        reasons.append("no new evidence for 3 weeks")
    oldest = row.get("oldest_open")
    if oldest is not None and oldest == oldest and (today - _date(oldest)).days > CRITIQUE_WAIT_DAYS:
        reasons.append("critique unanswered for 2 weeks")
    if (row.get("overdue_follow_ups") or 0) > 0:
        reasons.append("follow-up overdue")
    if today >= dt.date(cycle["ends_on"].year, 2, 1) and not (row.get("clinics") or 0):
        reasons.append("no clinic by February")
    if (row.get("meetings_held") or 0) > 0 and not (row.get("critical_friend_groups") or 0):
        reasons.append("no critical friend")
    return "; ".join(reasons)


def _date(value) -> dt.date:
    return value.date() if hasattr(value, "date") else value


def left_out(con, actor: Person, cycle_id: int) -> pd.DataFrame:
    """Schools with no team in the cycle, or whose team has no question yet, no critical friend
    (once meetings have been held) or no clinic booked; most disadvantaged (highest % pupil
    premium) first. 'Why' lists every reason, judged at the cycle's reference date."""
    require(con, actor, Action.VIEW_OVERVIEW)
    return db.frame(con, "overview/left_out", [cycle_id, reference_date(cycles.get_cycle(con, cycle_id))])


RECENT_EVIDENCE = 3  # items shown under "recently added" on My enquiry


def next_steps(con, actor: Person, team: dict, cycle: dict, *, now: dt.datetime | None = None) -> dict:
    """What a team should do next, for My enquiry: critique still to answer, clinic bookings to
    come, follow-ups not done (overdue first), the latest evidence and the next date on the
    cycle's calendar. ``team`` is a row of ``teams.my_teams`` (id, enquiry_id)."""
    now = now or clock.now()
    given = critique.for_enquiry(con, actor, team["enquiry_id"])
    bookings = clinics.bookings_for_team(con, actor, team["id"])
    follow_ups = clinics.open_follow_ups(con, actor, team["id"])
    if not follow_ups.empty:
        follow_ups["overdue"] = [pd.Timestamp(due).date() < now.date() for due in follow_ups["due_on"]]
    coming = cycles.upcoming(con, cycle["id"], today=now.date(), limit=1)
    return {
        "critique": given[given["response"].isna()].reset_index(drop=True),
        "bookings": bookings[bookings["cancelled_at"].isna() & (bookings["starts_at"] >= now)]
        .sort_values("starts_at").reset_index(drop=True),
        "follow_ups": follow_ups,
        "recent": evidence.list_evidence(con, actor, team["enquiry_id"]).head(RECENT_EVIDENCE),
        "next_date": coming[0] if coming else None,
    }

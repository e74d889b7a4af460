"""The programme overview for facilitators: every team of a cycle against every stage
checklist, and the schools that are left out (no team, or no question yet), with their context
so that the most disadvantaged schools are never the ones quietly missing."""

from __future__ import annotations

import pandas as pd

from . import checklists, db
from .vocab import STAGES


def programme(con, cycle_id: int) -> pd.DataFrame:
    """One row per team: school, context, question, and 'done/total' per stage, current stage."""
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
    for stage in STAGES:
        teams[stage] = progress[stage]
    return teams


def left_out(con, cycle_id: int) -> pd.DataFrame:
    """Schools with no team in the cycle, or whose team has no question yet, most
    disadvantaged (highest % pupil premium) first."""
    return db.frame(con, "overview/left_out", [cycle_id])

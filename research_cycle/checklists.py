"""Stage readiness checklists, ticked from the data.

Each cycle stores its own checklist items (copied from ``DEFAULT_ITEMS`` when the cycle is
created; an item can be switched off per cycle). Every item key has a rule here that reads the
team's *facts*: one row per team computed by a single query, so the overview of forty teams is
one round trip. A team's current stage is the first stage whose checklist is not complete.

Facts come from the parts of the cycle that exist in the store (the enquiry, its evidence, the
meetings the team attended, the critique it received, and its actions and impact reviews). Items
whose records (write-ups) are not kept yet stay unticked until they exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .store import clock, db
from .store.permissions import Action, require
from .store.vocab import STAGES

DEFAULT_ITEMS: tuple[tuple[str, str, str], ...] = (
    ("Question", "focus_and_question", "Focus and question written"),
    ("Question", "target_group", "At least one target learner group"),
    ("Question", "ethics_agreed", "Ethics plan agreed"),
    ("Evidence", "both_origins", "Evidence about our own practice and from wider research"),
    ("Evidence", "two_methods", "At least two methods of collecting evidence"),
    ("Evidence", "pupil_voice", "Pupils' voice heard"),
    ("Critique", "presented_at_meeting", "Presented at one cross-school meeting or more"),
    ("Critique", "critique_answered", "Every critique item answered"),
    ("Action", "action_with_criteria", "One action or more with success criteria"),
    ("Action", "impact_reviewed", "Impact reviewed"),
    ("Conference", "writeup_complete", "Write-up complete"),
    ("Conference", "presentation_slot", "Presentation slot at the conference"),
)


def _n(facts: dict, key: str) -> int:
    return int(facts.get(key) or 0)


RULES: dict[str, Callable[[dict], bool]] = {
    "focus_and_question": lambda f: bool((f.get("focus") or "").strip() and (f.get("question") or "").strip()),
    "target_group": lambda f: len(f.get("target_groups") or []) >= 1,
    "ethics_agreed": lambda f: bool(f.get("ethics_agreed")),
    "both_origins": lambda f: _n(f, "evidence_practice") > 0 and _n(f, "evidence_research") > 0,
    "two_methods": lambda f: _n(f, "evidence_methods") >= 2,
    "pupil_voice": lambda f: _n(f, "evidence_pupil_voice") > 0,
    "presented_at_meeting": lambda f: _n(f, "meetings_presented") > 0,
    "critique_answered": lambda f: _n(f, "critique_items") > 0 and _n(f, "critique_unanswered") == 0,
    "action_with_criteria": lambda f: _n(f, "actions_with_criteria") > 0,
    "impact_reviewed": lambda f: _n(f, "actions_reviewed") > 0,
    "writeup_complete": lambda f: bool(f.get("writeup_complete")),
    "presentation_slot": lambda f: _n(f, "presentation_slots") > 0,
}


@dataclass(frozen=True)
class Item:
    stage: str
    key: str
    label: str
    done: bool


@dataclass(frozen=True)
class TeamChecklist:
    team_id: int
    items: tuple[Item, ...]

    def stage_items(self, stage: str) -> list[Item]:
        return [i for i in self.items if i.stage == stage]

    def stage_complete(self, stage: str) -> bool:
        return all(i.done for i in self.stage_items(stage))

    @property
    def current_stage(self) -> str:
        """The first stage whose checklist is not complete ('Complete' when all are)."""
        for stage in STAGES:
            if not self.stage_complete(stage):
                return stage
        return "Complete"

    def progress(self, stage: str) -> tuple[int, int]:
        items = self.stage_items(stage)
        return sum(i.done for i in items), len(items)


def add_default_items(con, cycle_id: int) -> None:
    """Give a new cycle the default checklist of every stage (inside the caller's transaction)."""
    for position, (stage, key, text) in enumerate(DEFAULT_ITEMS):
        con.execute(db.sql("checklists/insert_item"), [cycle_id, stage, key, text, position])


def items_for_cycle(con, cycle_id: int) -> list[dict]:
    return db.rows(con, "checklists/list_items", [cycle_id])


def evaluate(items: list[dict], facts: dict) -> TeamChecklist:
    ticked = tuple(
        Item(i["stage"], i["item_key"], i["label"], RULES.get(i["item_key"], lambda f: False)(facts))
        for i in items
    )
    return TeamChecklist(facts["team_id"], ticked)


def _with_action_facts(con, facts: list[dict], *, cycle_id: int | None, team_id: int | None) -> list[dict]:
    """Add each team's action facts (actions with success criteria, actions reviewed) and its
    conference facts (presentation slots)."""
    for query in ("checklists/action_facts", "checklists/conference_facts"):
        found = {r["team_id"]: r for r in db.rows(con, query, {"cycle_id": cycle_id, "team_id": team_id})}
        facts = [{**f, **{k: v for k, v in found.get(f["team_id"], {}).items() if k != "team_id"}} for f in facts]
    return facts


def for_cycle(con, cycle_id: int) -> dict[int, TeamChecklist]:
    """Every team's checklist in a cycle, keyed by team id (three queries in all)."""
    items = items_for_cycle(con, cycle_id)
    facts = db.rows(con, "checklists/team_facts", {"cycle_id": cycle_id, "team_id": None, "today": clock.today()})
    return {f["team_id"]: evaluate(items, f)
            for f in _with_action_facts(con, facts, cycle_id=cycle_id, team_id=None)}


def for_team(con, actor, team_id: int) -> TeamChecklist:
    """The team's checklists (for anyone who may read enquiries)."""
    require(con, actor, Action.READ_ENQUIRY)
    facts = db.one(con, "checklists/team_facts", {"cycle_id": None, "team_id": team_id, "today": clock.today()})
    facts = _with_action_facts(con, [facts], cycle_id=None, team_id=team_id)[0]
    return evaluate(items_for_cycle(con, facts["cycle_id"]), facts)

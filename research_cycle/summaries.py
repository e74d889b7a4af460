"""Summaries for senior leaders: the alliance digest of a cycle, the equity view, one page per
school, and the years side by side (DESIGN.md §1, §4).

Senior leaders read what each enquiry asked, found, did and changed; they never see raw evidence
or data sets. So every summary is made of counts, the teams' own claims (findings, actions,
impact) and the enquiry's words, never evidence items, quotes or pupils' rows:

- evidence whose participants withdrew consent (BERA), and deleted records, are not counted;
- the one figure about people taking part (participants in the evidence) goes through
  :mod:`lib.disclosure`: a school with fewer than the alliance's threshold shows "fewer than 5",
  with secondary suppression so that no total gives it away;
- who reads what is decided here (``store.permissions``): a head teacher reads their own
  school's page and the alliance's summaries; the TSA lead (a senior leader with no school),
  facilitators and administrators read every school's page.

Stages come from :mod:`checklists` (a team's current stage is its first incomplete checklist);
how well a finding is supported follows :func:`findings.triangulation`'s rule (a claim resting on
one method, one voice or one origin is flagged). Downloads (.docx for governors, .xlsx, .csv) are
in :mod:`summary_documents`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import checklists, cycles, enquiries, overview, schools, writeups
from .lib import disclosure
from .store import clock, db
from .store.actors import SYSTEM, Person
from .store.permissions import Action, reads_every_school, require, require_school_summary
from .store.vocab import STAGES, TARGET_GROUPS

FINISHED = "Finished"  # the stage label of a team whose every checklist is complete
STAGE_ORDER = (*STAGES, FINISHED)
YES, NO = "Yes", "No"


# ---- shared facts ---------------------------------------------------------------------------

def _facts(con, *, cycle_id: int | None = None, school_id: int | None = None) -> pd.DataFrame:
    """One row per team (see sql/summaries/team_facts.sql), with its current stage: from each
    cycle's checklists at once, or team by team for one school's few teams. In the app, kept
    until the next save (store/readcache): every summary starts from it."""
    return db.remember(con, "summaries.facts", [cycle_id, school_id],
                       lambda: _read_facts(con, cycle_id=cycle_id, school_id=school_id))


def _read_facts(con, *, cycle_id: int | None, school_id: int | None) -> pd.DataFrame:
    frame = db.frame(con, "summaries/team_facts", {"cycle_id": cycle_id, "school_id": school_id,
                                                    "today": clock.today()})
    stages = {}
    if school_id is not None:
        for team in frame["team_id"]:
            # The reader was allowed this school by the caller; checklists need no further check.
            stages[int(team)] = checklists.for_team(con, SYSTEM, int(team)).current_stage
    else:
        for cid in frame["cycle_id"].unique():
            stages.update({team: lst.current_stage for team, lst in checklists.for_cycle(con, int(cid)).items()})
    frame["stage"] = [_stage(stages.get(int(t), STAGES[0])) for t in frame["team_id"]]
    frame["target_groups"] = [list(g) if g is not None else [] for g in frame["target_groups"]]
    return frame


def _stage(current: str) -> str:
    return FINISHED if current == "Complete" else current


def stage_label(stage: str, cycle: dict) -> str:
    """How a team's stage reads: its current stage while the cycle runs; in a finished cycle the
    outcome ("Finished" or "Reached Evidence"), as on the programme overview."""
    if overview.is_finished(cycle):
        return overview.outcome("Complete" if stage == FINISHED else stage)
    return stage


def support(items: int, methods: int, voices: int, origins: int) -> str:
    """How well a finding is supported, in the words of the triangulation matrix: 'Well
    supported (…)' or what it rests on ('Rests on one method, one voice')."""
    if not items:
        return "No supporting evidence yet"
    problems = []
    if methods < 2:
        problems.append("one method")
    if voices < 2:
        problems.append("one voice" if voices == 1 else "no voices recorded")
    if origins < 2:
        problems.append("one origin")
    if problems:
        return "Rests on " + ", ".join(problems)
    return f"Well supported: {items} items, {methods} methods, {voices} voices, both origins"


def _findings(con, *, cycle_id=None, enquiry_id=None) -> pd.DataFrame:
    rows = db.frame(con, "summaries/finding_support", {"cycle_id": cycle_id, "enquiry_id": enquiry_id})
    rows["Support"] = [support(*r) for r in rows[["items", "methods", "voices", "origins"]].itertuples(index=False)]
    rows["well"] = [text.startswith("Well") for text in rows["Support"]]
    rows = rows.sort_values(["well", "origins", "methods", "voices", "items"], ascending=False, kind="stable")
    return rows.rename(columns={"school": "School", "claim": "Finding", "items": "Items", "methods": "Methods",
                                "voices": "Voices", "origins": "Origins"}).reset_index(drop=True)


FINDING_COLUMNS = ["School", "Finding", "Support", "Items", "Methods", "Voices", "Origins"]
ACTION_COLUMNS = ["School", "Action", "Status", "Review date", "Impact reviews", "What changed", "For whom"]


def _actions(con, *, cycle_id=None, enquiry_id=None) -> pd.DataFrame:
    rows = db.frame(con, "summaries/actions", {"cycle_id": cycle_id, "enquiry_id": enquiry_id})
    out = pd.DataFrame({
        "School": rows["school"], "Action": rows["strategy"], "Status": rows["status"],
        "Review date": [_uk(d) for d in rows["review_on"]], "Impact reviews": rows["reviews"].astype(int),
        "What changed": rows["what_changed"], "For whom": [", ".join(g) for g in rows["for_whom"]],
    }, columns=ACTION_COLUMNS)
    out.attrs["for_whom"] = [list(g) for g in rows["for_whom"]]
    out.attrs["enquiry_id"] = list(rows["enquiry_id"])
    return out


def _uk(value) -> str:
    if value is None or value != value:
        return ""
    value = value.date() if isinstance(value, dt.datetime) else value
    return f"{value:%d/%m/%Y}"


def participants(facts: pd.DataFrame, threshold: int) -> tuple[list[str], str]:
    """The number of participants in each team's evidence, and in all, as disclosure control
    lets them be shown: a team under the threshold shows "fewer than 5", another is withheld
    where the total would give it away, and the total is shown only when it is large enough."""
    counts = facts["participants"].astype(int).tolist()
    teams = np.arange(len(counts))  # team n is group n: integer groups keep the partition quick
    labels = pd.Series(pd.Categorical.from_codes(np.repeat(teams, counts), categories=teams))
    parts = disclosure.partition(labels, threshold)
    shown = [parts.pupils(n) if c else "0" for n, c in zip(teams, counts)]
    total = str(parts.total) if parts.total_shown or not parts.total else disclosure.fewer_than(threshold)
    return shown, total


# ---- permissions ----------------------------------------------------------------------------

def readable_schools(con, actor: Person) -> pd.DataFrame:
    """The schools whose page ``actor`` may open: every school for facilitators, administrators
    and the TSA lead; a head teacher's own school only."""
    require(con, actor, Action.READ_SCHOOL_SUMMARY)
    every = schools.list_schools(con)
    if reads_every_school(actor):
        return every
    return every[every["id"] == actor.school_id].reset_index(drop=True)


# ---- the digest -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Digest:
    """The alliance digest of a cycle: what a senior leader reads in five minutes."""

    cycle: dict
    figures: dict  # headline figure -> value (text)
    stages: pd.DataFrame  # Stage, Teams at this stage, Teams that reached it
    themes: pd.DataFrame  # Theme, Enquiries, Evidence items
    target_groups: pd.DataFrame  # Target group, Enquiries, Schools
    links: pd.DataFrame  # School, Worked with, How, Times
    enquiries: pd.DataFrame  # one row per team
    findings: pd.DataFrame  # FINDING_COLUMNS, best supported first
    actions: pd.DataFrame  # ACTION_COLUMNS
    next_steps: pd.DataFrame  # School, Action, Status, Review date
    notes: list[str] = field(default_factory=list)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table of the digest by sheet name (for the workbook)."""
        return {"Figures": pd.DataFrame(list(self.figures.items()), columns=["Figure", "Value"]),
                "Stages": self.stages, "Enquiries": self.enquiries, "Themes": self.themes,
                "Target groups": self.target_groups, "Schools working together": self.links,
                "Findings": self.findings[FINDING_COLUMNS], "Actions and impact": self.actions,
                "Next steps": self.next_steps}


def digest(con, actor: Person, cycle_id: int) -> Digest:
    """The alliance digest of a cycle (senior leaders, facilitators, administrators). The same for
    every reader allowed it, so the app keeps it until the next save."""
    require(con, actor, Action.READ_SUMMARIES)
    return db.remember(con, "summaries.digest", [cycle_id], lambda: _digest(con, cycle_id))


def _digest(con, cycle_id: int) -> Digest:
    cycle = cycles.get_cycle(con, cycle_id)
    facts = _facts(con, cycle_id=cycle_id)
    threshold = schools.disclosure_threshold(con)
    shown, total = participants(facts, threshold)
    findings = _findings(con, cycle_id=cycle_id)
    actions = _actions(con, cycle_id=cycle_id)
    finished = overview.is_finished(cycle)

    at = facts["stage"].value_counts()
    index = {s: n for n, s in enumerate(STAGE_ORDER)}
    reached = [int((facts["stage"].map(index) >= n).sum()) for n in range(len(STAGE_ORDER))]
    stages = pd.DataFrame({"Stage": STAGE_ORDER, "Teams at this stage": [int(at.get(s, 0)) for s in STAGE_ORDER],
                           "Teams that reached it": reached})

    named = _by_group(facts)
    target_groups = pd.DataFrame([(g, len(named[g]), len({s for _, s in named[g]})) for g in TARGET_GROUPS
                                  if named[g]], columns=["Target group", "Enquiries", "Schools"])
    themes = db.frame(con, "summaries/themes", [cycle_id]).rename(
        columns={"theme": "Theme", "enquiries": "Enquiries", "items": "Evidence items"})

    enquiry_rows = pd.DataFrame({
        "School": facts["school"], "Team": facts["team"], "Question": facts["question"],
        "Target groups": [", ".join(g) for g in facts["target_groups"]],
        "Outcome" if finished else "Stage": [stage_label(s, cycle) for s in facts["stage"]],
        "Evidence items": facts["evidence"].astype(int), "Participants": shown,
        "Findings": facts["findings"].astype(int), "Critique received": facts["critique"].astype(int),
        "Clinics": facts["clinics"].astype(int), "Actions": facts["actions"].astype(int),
        "Impact reviews": facts["impact_reviews"].astype(int),
    })
    open_actions = actions[actions["Status"].isin(("planned", "in progress"))]
    questions = int((facts["question"].fillna("").str.strip() != "").sum())
    figures = {
        "Schools in the alliance": str(len(schools.list_schools(con))),
        "Teams": str(len(facts)),
        "Teams with a question": str(questions),
        "Questions revised": str(int((facts["revisions"] > 1).sum())),
        "Evidence items": str(int(facts["evidence"].sum())),
        "Participants in the evidence": total,
        "Findings": str(len(findings)),
        "Well-supported findings": str(int(findings["well"].sum())),
        "Critique items answered": f"{int(facts['critique_answered'].sum())} of {int(facts['critique'].sum())}",
        "Research clinics": str(int(facts["clinics"].sum())),
        "Actions": str(len(actions)),
        "Actions with an impact review": str(int((actions["Impact reviews"] > 0).sum())),
        ("Teams that finished" if finished else "Teams at the Action stage or beyond"):
            str(reached[STAGE_ORDER.index(FINISHED if finished else "Action")]),
    }
    notes = []
    if any(s.startswith("fewer") or s == disclosure.WITHHELD for s in shown):
        notes.append(f"Participants: a team with fewer than {threshold} is shown as '{disclosure.fewer_than(threshold)}'; "
                     "another may be withheld so that it cannot be worked out from the total.")
    notes.append("Evidence whose participants withdrew consent is not counted (BERA guidelines).")
    return Digest(
        cycle=cycle, figures=figures, stages=stages, themes=themes, target_groups=target_groups,
        links=_links(con, cycle_id), enquiries=enquiry_rows, findings=findings, actions=actions,
        next_steps=open_actions[["School", "Action", "Status", "Review date"]].reset_index(drop=True), notes=notes)


def _by_group(facts: pd.DataFrame) -> dict[str, list[tuple[int, int]]]:
    """Target group -> (enquiry id, school id) of each enquiry naming it (every group a key)."""
    named: dict[str, list[tuple[int, int]]] = {g: [] for g in TARGET_GROUPS}
    for enquiry, school, groups in zip(facts["enquiry_id"], facts["school_id"], facts["target_groups"]):
        for group in groups:
            if group in named:
                named[group].append((int(enquiry), int(school)))
    return named


def _links(con, cycle_id: int) -> pd.DataFrame:
    rows = db.frame(con, "summaries/links", {"cycle_id": cycle_id})
    return pd.DataFrame({"School": rows["school_a"], "Worked with": rows["school_b"], "How": rows["how"],
                         "Times": rows["times"].astype(int)}, columns=["School", "Worked with", "How", "Times"])


MATRIX_LIMIT = 30  # schools in the matrix picture; a larger alliance shows its most connected schools


def links_matrix(links: pd.DataFrame, names: list[str] | None = None, limit: int = MATRIX_LIMIT) -> pd.DataFrame:
    """Schools × schools: how many times each pair worked together (both ways; 0 when never).
    With more than ``limit`` schools, the ``limit`` that worked with the most others (then by name)."""
    both = pd.concat([links, links.rename(columns={"School": "Worked with", "Worked with": "School"})])
    names = sorted(set(both["School"]) | set(names or []))
    if len(names) > limit:
        partners = both.groupby("School")["Worked with"].nunique()
        names = sorted(sorted(names, key=lambda n: (-int(partners.get(n, 0)), n))[:limit])
    if both.empty:
        return pd.DataFrame(0, index=names, columns=names)
    matrix = both.pivot_table(index="School", columns="Worked with", values="Times", aggfunc="sum", fill_value=0)
    return matrix.reindex(index=names, columns=names, fill_value=0).astype(int)


# ---- the equity view ------------------------------------------------------------------------

@dataclass(frozen=True)
class Equity:
    """Who the enquiries are for, and which schools take part, against their context."""

    cycle: dict
    by_target_group: pd.DataFrame  # Target group, Enquiries, Schools, Actions, Impact reviews for the group
    not_addressed: list[str]  # target groups no enquiry of the cycle names
    schools: pd.DataFrame  # every school: context and participation, most disadvantaged first
    by_context: pd.DataFrame  # schools above / at or below the alliance median of each context figure
    notes: list[str] = field(default_factory=list)

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"By target group": self.by_target_group,
                "Not addressed": pd.DataFrame({"Target group": self.not_addressed}),
                "Schools by context": self.schools, "Participation by context": self.by_context}


PARTICIPATION = ("Team", "Evidence", "Critique", "Clinic", "Conference")


def equity(con, actor: Person, cycle_id: int) -> Equity:
    """Enquiries and impact by target group; schools by context (% pupil premium, % EAL, % SEND)
    against participation (team, evidence, critique, clinics, conference); the target groups
    that no enquiry addresses. The same for every reader allowed it (kept until the next save)."""
    require(con, actor, Action.READ_SUMMARIES)
    return db.remember(con, "summaries.equity", [cycle_id], lambda: _equity(con, cycle_id))


def _equity(con, cycle_id: int) -> Equity:
    cycle = cycles.get_cycle(con, cycle_id)
    facts = _facts(con, cycle_id=cycle_id)
    actions = _actions(con, cycle_id=cycle_id)
    threshold = schools.disclosure_threshold(con)
    shown, _ = participants(facts, threshold)

    by_group, named = [], _by_group(facts)
    reviewed = [int(n) > 0 for n in actions["Impact reviews"]]
    for group in TARGET_GROUPS:
        ids = {e for e, _ in named[group]}
        group_actions = [n for n, e in enumerate(actions.attrs["enquiry_id"]) if e in ids]
        for_group = sum(group in whom for whom in actions.attrs["for_whom"])
        by_group.append((group, len(named[group]), len({s for _, s in named[group]}), len(group_actions),
                         sum(reviewed[n] for n in group_actions), for_group))
    by_target_group = pd.DataFrame(by_group, columns=["Target group", "Enquiries", "Schools", "Actions",
                                                      "Actions with impact reviewed", "Impact for this group"])

    every = schools.list_schools(con)
    team = {int(r["school_id"]): (n, r) for n, r in enumerate(facts.to_dict("records"))}
    rows = []
    for s in every.to_dict("records"):
        position, t = team.get(int(s["id"]), (None, None))
        took = {"Team": t is not None, "Evidence": t is not None and t["evidence"] > 0,
                "Critique": t is not None and (t["critique"] > 0 or t["critical_friend_groups"] > 0),
                "Clinic": t is not None and t["clinics"] > 0, "Conference": t is not None and t["presentations"] > 0}
        rows.append({
            "School": s["name"], "Phase": s["phase"], "% pupil premium": s["pct_pupil_premium"], "% EAL": s["pct_eal"],
            "% SEND": s["pct_send"], "Team": YES if took["Team"] else NO,
            "Evidence items": int(t["evidence"]) if t is not None else 0,
            "Participants": shown[position] if t is not None else "0",
            "Critique received": int(t["critique"]) if t is not None else 0,
            "Critical friend": YES if t is not None and t["critical_friend_groups"] > 0 else NO,
            "Clinics": int(t["clinics"]) if t is not None else 0,
            "Conference": YES if took["Conference"] else NO,
            "Taking part": f"{sum(took.values())} of {len(took)}",
            "_took": took,
        })
    table = pd.DataFrame(rows)
    by_context = []
    if len(table):
        table = table.sort_values(["% pupil premium", "School"], ascending=[False, True], kind="stable")
        for figure in ("% pupil premium", "% EAL", "% SEND"):
            median = float(table[figure].median())
            for band, part in ((f"above the alliance median ({median:.1f})", table[table[figure] > median]),
                               (f"at or below the median ({median:.1f})", table[table[figure] <= median])):
                took = pd.DataFrame(list(part["_took"]), columns=list(PARTICIPATION))
                by_context.append({"Context": figure, "Schools": band, "Number": len(part),
                                   **{f"With {k.lower()}": int(took[k].sum()) for k in PARTICIPATION}})
        table = table.drop(columns="_took").reset_index(drop=True)
    notes = ["'Critique' counts critique received or a critical-friend group at a meeting; 'Conference' a "
             "presentation at the cycle's conference.",
             "Evidence whose participants withdrew consent is not counted (BERA guidelines)."]
    return Equity(cycle=cycle, by_target_group=by_target_group,
                  not_addressed=[g for g, n, *_ in by_group if n == 0], schools=table,
                  by_context=pd.DataFrame(by_context), notes=notes)


# ---- one school -----------------------------------------------------------------------------

@dataclass(frozen=True)
class SchoolSummary:
    """One school's enquiry in a cycle, in plain English."""

    school: dict
    cycle: dict
    team: dict | None  # the team's facts (None when the school had no team in the cycle)
    enquiry: object | None  # enquiries.Enquiry
    revisions: list[dict]
    stage: str
    what_we_did: list[str]  # sentences
    evidence: pd.DataFrame  # Evidence, Kind of evidence, Items (counts by method, origin, voice)
    findings: pd.DataFrame
    actions: pd.DataFrame
    next_steps: list[str]
    worked_with: list[str]
    writeup_ready: bool = False  # the team's write-up is marked ready (senior leaders may read it)

    def tables(self) -> dict[str, pd.DataFrame]:
        questions = pd.DataFrame([{"Version": r["revision_no"], "Question": r["question"], "Why it changed": r["reason"],
                                   "Prompted by": r["prompted_by"], "When": _uk(r["revised_at"])} for r in self.revisions],
                                 columns=["Version", "Question", "Why it changed", "Prompted by", "When"])
        return {"Question history": questions, "What the team did": self.evidence,
                "Findings": self.findings[FINDING_COLUMNS[1:]], "Actions and impact": self.actions.drop(columns="School"),
                "Next steps": pd.DataFrame({"Next step": self.next_steps})}


def school_summary(con, actor: Person, school_id: int, cycle_id: int) -> SchoolSummary:
    """One school's page for a cycle: the question and how it changed, why it mattered, what the
    team did, key findings with their support, actions and impact, next steps. The same for every
    reader allowed it (every check is made on each call), so the app keeps it until the next save."""
    require_school_summary(con, actor, school_id)
    require(con, actor, Action.READ_ENQUIRY)  # what the enquiry and revision reads inside check
    return db.remember(con, "summaries.school", [school_id, cycle_id],
                       lambda: _school_summary(con, actor, school_id, cycle_id))


def _school_summary(con, actor: Person, school_id: int, cycle_id: int) -> SchoolSummary:
    school = schools.get_school(con, school_id)
    cycle = cycles.get_cycle(con, cycle_id)
    every_team = _facts(con, cycle_id=cycle_id)
    # Participants through the same partition as the digest's, so the two cannot be subtracted.
    shown, _ = participants(every_team, schools.disclosure_threshold(con))
    facts = every_team[every_team["school_id"] == school_id]
    if facts.empty:
        return SchoolSummary(school, cycle, None, None, [], "", [], pd.DataFrame(columns=["Evidence", "Items"]),
                             pd.DataFrame(columns=FINDING_COLUMNS), pd.DataFrame(columns=ACTION_COLUMNS), [], [])
    team = facts.iloc[0].to_dict()
    enquiry_id = int(team["enquiry_id"])
    enquiry = enquiries.get_enquiry(con, actor, enquiry_id)
    profile = db.frame(con, "summaries/evidence_profile", [enquiry_id])
    evidence = pd.DataFrame({"Evidence": profile["facet"].map({"method": "Method", "origin": "Origin",
                                                               "voice": "Voice"}),
                             "Kind of evidence": profile["value"], "Items": profile["items"].astype(int)})
    links = _links(con, cycle_id)
    mine = links[(links["School"] == school["name"]) | (links["Worked with"] == school["name"])]
    worked_with = sorted({f"{b if a == school['name'] else a} ({how})" for a, b, how in
                          mine[["School", "Worked with", "How"]].itertuples(index=False)})
    actions = _actions(con, enquiry_id=enquiry_id)
    return SchoolSummary(
        school=school, cycle=cycle, team=team, enquiry=enquiry, revisions=enquiries.revisions(con, actor, enquiry_id),
        stage=stage_label(team["stage"], cycle), what_we_did=_what_we_did(team, profile, shown[facts.index[0]]),
        evidence=evidence, findings=_findings(con, enquiry_id=enquiry_id), actions=actions,
        next_steps=_next_steps(con, team, actions, cycle), worked_with=worked_with,
        writeup_ready=writeups.is_ready(con, enquiry_id))


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def _listing(values: list[str]) -> str:
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " and " + values[-1]


def _what_we_did(team: dict, profile: pd.DataFrame, participants_shown: str) -> list[str]:
    origins = dict(profile[profile["facet"] == "origin"][["value", "items"]].itertuples(index=False))
    methods = profile[profile["facet"] == "method"]
    voices = list(profile[profile["facet"] == "voice"]["value"])
    out = []
    if team["evidence"]:
        out.append(f"Gathered {_plural(int(team['evidence']), 'piece')} of evidence "
                   f"({int(origins.get('our practice', 0))} about the school's own practice, "
                   f"{int(origins.get('wider research', 0))} from wider research) using "
                   f"{_plural(len(methods), 'method')}: {_listing([f'{m} ({n})' for m, n in methods[['value', 'items']].itertuples(index=False)])}.")
        out.append((f"Heard the voices of {_listing(voices)}; p" if voices else "P")
                   + f"articipants in the evidence: {participants_shown}.")
    else:
        out.append("No evidence recorded yet.")
    if team["literature"]:
        out.append(f"Read {_plural(int(team['literature']), 'publication')} from the wider research base.")
    out.append(f"Took part in {_plural(int(team['meetings']), 'cross-school meeting')}"
               f"{' with critical friends' if team['critical_friend_groups'] else ''}, received "
               f"{_plural(int(team['critique']), 'critique item')} and answered {int(team['critique_answered'])}.")
    if team["clinics"]:
        out.append(f"Had {_plural(int(team['clinics']), 'research clinic')} with "
                   f"{_listing(list(team['clinic_facilitators']) or ['a facilitator'])}.")
    if team["presentations"]:
        out.append("Presented at the alliance's conference.")
    return out


def _next_steps(con, team: dict, actions: pd.DataFrame, cycle: dict) -> list[str]:
    steps = [f"{a} ({s}; review {d})" if d else f"{a} ({s})" for a, s, d in
             actions[actions["Status"].isin(("planned", "in progress"))][["Action", "Status", "Review date"]]
             .itertuples(index=False)]
    nxt = db.one(con, "summaries/later_enquiry", [int(team["school_id"]), cycle["starts_on"]])
    if nxt:
        steps.append(f"The school carries on in {nxt['cycle']}: {nxt['question'] or nxt['focus'] or 'question not written yet'}")
    return steps


# ---- across years ---------------------------------------------------------------------------

HISTORY_COLUMNS = ["Cycle", "Team", "Question", "Target groups", "Outcome", "Evidence items", "Findings",
                   "Actions", "Impact reviews", "Compared with the year before"]


def school_history(con, actor: Person, school_id: int) -> pd.DataFrame:
    """A school's enquiries over every cycle it took part in, oldest first: what it asked, how far
    it went, and what carried on from the year before (target groups kept, dropped, new)."""
    require_school_summary(con, actor, school_id)
    return db.remember(con, "summaries.school_history", [school_id], lambda: _school_history(con, school_id))


def _school_history(con, school_id: int) -> pd.DataFrame:
    facts = _facts(con, school_id=school_id)
    by_id = {c["id"]: c for c in cycles.list_cycles(con)}
    rows, before = [], None
    for r in facts.to_dict("records"):
        groups = set(r["target_groups"])
        if before is None:
            compared = "First year in the programme"
        else:
            kept, new = sorted(groups & before), sorted(groups - before)
            parts = [f"kept {', '.join(kept)}" if kept else "a new focus", *([f"new: {', '.join(new)}"] if new else [])]
            compared = "; ".join(parts)
        before = groups
        rows.append([r["cycle"], r["team"], r["question"] or r["focus"], ", ".join(r["target_groups"]),
                     stage_label(r["stage"], by_id[r["cycle_id"]]), int(r["evidence"]), int(r["findings"]),
                     int(r["actions"]), int(r["impact_reviews"]), compared])
    return pd.DataFrame(rows, columns=HISTORY_COLUMNS)


TREND_COLUMNS = ["Cycle", "Schools with a team", "Teams with a question", "Questions revised", "Evidence items",
                 "Findings", "Critique items", "Research clinics", "Actions", "Impact reviews", "Teams that finished",
                 "Most disadvantaged half with a team"]


def trends(con, actor: Person) -> pd.DataFrame:
    """The alliance year by year, oldest first (senior leaders, facilitators, administrators).
    'Most disadvantaged half' is the schools above the alliance's median % pupil premium."""
    require(con, actor, Action.READ_SUMMARIES)
    return db.remember(con, "summaries.trends", [], lambda: _trends(con))


def _trends(con) -> pd.DataFrame:
    facts = _facts(con)
    every = schools.list_schools(con)
    median = float(every["pct_pupil_premium"].median()) if len(every) else 0.0
    upper = set(every[every["pct_pupil_premium"] > median]["id"])
    rows = []
    for label, f in facts.groupby("cycle", sort=False):
        rows.append([label, f["school_id"].nunique(), int((f["question"].fillna("").str.strip() != "").sum()),
                     int((f["revisions"] > 1).sum()), int(f["evidence"].sum()), int(f["findings"].sum()),
                     int(f["critique"].sum()), int(f["clinics"].sum()), int(f["actions"].sum()),
                     int(f["impact_reviews"].sum()), int((f["stage"] == FINISHED).sum()),
                     f"{len(upper & set(f['school_id']))} of {len(upper)}"])
    return pd.DataFrame(rows, columns=TREND_COLUMNS)

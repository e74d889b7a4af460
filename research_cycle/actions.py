"""Action: the team turns findings into action and follows its impact.

Each action is a strategy linked to the findings that prompted it (and so to their evidence), with
an owner, start and review dates, success criteria and a status (planned, in progress, done, or
stopped with a reason). Impact reviews record what changed, for whom (the enquiry's target groups
above all, or the team's own words) and the evidence for it: evidence items of the enquiry and,
optionally, one comparison drawn from one of its data sets. A review is *overdue* when its date
has passed with no impact review while the action is still planned or in progress and the cycle
is running (a finished year flags nothing).

Evidence whose participants withdrew consent (BERA) never counts: it cannot be cited, and a
citation whose consent is withdrawn later drops out of what is shown.

Reads for other parts of the workbench (stable, documented signatures):
``list_actions``, ``reviews_for_enquiry`` and ``impact_reviews`` (the team and facilitators),
``plan_summary`` (everyone who reads enquiries, senior leaders included: no evidence titles, no
data), ``overdue_reviews`` (the programme overview) and ``belongs_to`` (critique answers).
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd

from . import datasets, findings
from .enquiries import team_of
from .lib import charts
from .lib.charts import CHART_KINDS
from .store import changelog, clock, db, validate
from .store.actors import Person
from .store.errors import NotFound, ValidationError
from .store.formatting import uk_date
from .store.permissions import Action, require
from .store.vocab import ACTION_STATUSES, TARGET_GROUPS

MAX_FINDINGS = 50  # findings linked to one action
MAX_EVIDENCE = 50  # evidence items cited in one impact review
MAX_FOR_WHOM = 20  # groups named in one impact review
OPEN = ("planned", "in progress")  # statuses whose review can be overdue

_KEEP = object()  # update_action: "leave this field as it is"

FIELDS = ("strategy", "owner", "starts_on", "review_on", "success_criteria", "status", "stop_reason")
CHART_OPTIONS = ("measure", "group", "intervention", "compared", "adjust")


def _clean(values: dict) -> dict:
    clean = {
        "strategy": validate.text("Strategy", values.get("strategy"), required=True),
        "owner": validate.text("Owner", values.get("owner"), required=True, limit=validate.SHORT),
        "starts_on": _date("Start", values.get("starts_on")),
        "review_on": _date("Review date", values.get("review_on")),
        "success_criteria": validate.text("Success criteria", values.get("success_criteria")),
        "status": validate.choice("Status", values.get("status") or "planned", ACTION_STATUSES),
        "stop_reason": validate.text("Why it stopped", values.get("stop_reason")),
    }
    if clean["review_on"] < clean["starts_on"]:
        raise ValidationError("Review date", f"{uk_date(clean['review_on'])} is before the start "
                              f"({uk_date(clean['starts_on'])}). Choose a review date on or after the day the "
                              "action starts.")
    if clean["status"] == "done" and not clean["success_criteria"]:
        raise ValidationError("Success criteria", "are needed before an action is marked done: write how you will "
                              "know it worked, then mark it done.")
    if clean["status"] == "stopped" and not clean["stop_reason"]:
        raise ValidationError("Why it stopped", "say why the action stopped; it is part of what the team learnt.")
    if clean["status"] != "stopped":
        clean["stop_reason"] = ""
    return clean


def _date(field: str, value) -> dt.date:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(field, "is required. Please choose a date.")
    return validate.date(field, value)


def _check_findings(con, actor: Person, enquiry_id: int, finding_ids) -> list[int]:
    """The finding ids, each a live finding of this enquiry (asked of findings, which knows
    which of its findings are live)."""
    ids = sorted({int(i) for i in validate.count("Findings", finding_ids, limit=MAX_FINDINGS, each="finding")})
    if ids:
        live = set(findings.list_findings(con, actor, enquiry_id)["id"].astype(int))
        if set(ids) - live:
            raise ValidationError("Findings", "one of them is deleted or belongs to another enquiry; choose from "
                                  "this enquiry's findings.")
    return ids


def _get(con, action_id: int) -> dict:
    row = db.one(con, "actions/get_action", [int(action_id)])
    if row is None:
        raise NotFound("That action no longer exists.")
    row["finding_ids"] = [int(i) for i in row["finding_ids"] or []]
    return row


def _live(con, action_id: int) -> dict:
    found = _get(con, action_id)
    if found["deleted_at"] is not None:
        raise NotFound("That action has been deleted; restore it first (Deleted actions, at the foot of the page).")
    return found


def add_action(con, actor: Person, enquiry_id: int, *, strategy, finding_ids=(), owner, starts_on, review_on,
               success_criteria="", status="planned", stop_reason="", when: dt.datetime | None = None) -> int:
    """Add a strategy to the enquiry's action plan, linked to the findings that prompted it.
    Returns its id. ``when`` is for loaders replaying history (default: now).

    Raises PermissionDenied unless the actor is in the team (and its cycle is running), and
    ValidationError naming the field: a review date before the start, "done" without success
    criteria, "stopped" without a reason, a finding of another enquiry."""
    require(con, actor, Action.EDIT_ENQUIRY, team_id=team_of(con, enquiry_id))
    clean = _clean({"strategy": strategy, "owner": owner, "starts_on": starts_on, "review_on": review_on,
                    "success_criteria": success_criteria, "status": status, "stop_reason": stop_reason})
    when = when or clock.now()
    with db.transaction(con):
        ids = _check_findings(con, actor, enquiry_id, finding_ids)
        action_id = db.scalar(con, "actions/insert_action", {"enquiry_id": enquiry_id, **clean, "actor_id": actor.id,
                                                             "when": when})
        for finding_id in ids:
            con.execute(db.sql("actions/insert_finding"), [action_id, finding_id])
        changelog.record(con, actor.id, "action", action_id, "create", None, {**clean, "finding_ids": ids})
    return action_id


def update_action(con, actor: Person, action_id: int, *, strategy=_KEEP, finding_ids=_KEEP, owner=_KEEP,
                  starts_on=_KEEP, review_on=_KEEP, success_criteria=_KEEP, status=_KEEP, stop_reason=_KEEP,
                  expected_updated_at: dt.datetime | None = None, when: dt.datetime | None = None) -> dict:
    """Change an action; fields not given keep their value. Returns the saved action (as
    ``get_action``).

    ``expected_updated_at`` is the ``updated_at`` the form was loaded with: if a teammate saved
    the action in between, the save is refused (ValidationError on "Action") so neither person's
    change is silently overwritten. Pages always pass it."""
    require(con, actor, Action.EDIT_ENQUIRY, team_id=_live(con, action_id)["team_id"])
    given = {"strategy": strategy, "owner": owner, "starts_on": starts_on, "review_on": review_on,
             "success_criteria": success_criteria, "status": status, "stop_reason": stop_reason}
    when = when or clock.now()
    with db.transaction(con):
        before = _live(con, action_id)  # read again inside the write lock: what the change is made to
        if expected_updated_at is not None and before["updated_at"] != expected_updated_at:
            raise ValidationError("Action", "someone in your team saved this action while you were editing it, so "
                                  "your save would overwrite theirs. Your changes are still in the form: reload the "
                                  "page to see theirs, then apply yours again.")
        clean = _clean({f: before[f] if given[f] is _KEEP else given[f] for f in FIELDS})
        ids = before["finding_ids"] if finding_ids is _KEEP else _check_findings(con, actor, before["enquiry_id"],
                                                                                 finding_ids)
        changed = {f: clean[f] for f in FIELDS if clean[f] != before[f]}
        if ids != before["finding_ids"]:
            changed["finding_ids"] = ids
        if changed:
            con.execute(db.sql("actions/update_action"), {**clean, "actor_id": actor.id, "when": when, "id": action_id})
            if "finding_ids" in changed:
                con.execute(db.sql("actions/delete_findings"), [action_id])
                for finding_id in ids:
                    con.execute(db.sql("actions/insert_finding"), [action_id, finding_id])
            changelog.record(con, actor.id, "action", action_id, "update", {k: before[k] for k in changed}, changed)
    return get_action(con, actor, action_id)


def delete_action(con, actor: Person, action_id: int) -> None:
    """Soft delete: the action leaves the plan, the checklist and the overdue list, and can be
    restored (``restore_action``)."""
    before = _get(con, action_id)
    require(con, actor, Action.EDIT_ENQUIRY, team_id=before["team_id"])
    if before["deleted_at"] is not None:
        raise ValidationError("Action", "is already deleted.")
    with db.transaction(con):
        now = clock.now()
        con.execute(db.sql("actions/soft_delete_action"), [now, actor.id, now, action_id])
        changelog.record(con, actor.id, "action", action_id, "delete", {"strategy": before["strategy"]}, None)


def restore_action(con, actor: Person, action_id: int) -> None:
    """Bring a deleted action back, with its findings and impact reviews."""
    before = _get(con, action_id)
    require(con, actor, Action.EDIT_ENQUIRY, team_id=before["team_id"])
    if before["deleted_at"] is None:
        raise ValidationError("Action", "is not deleted, so there is nothing to restore.")
    with db.transaction(con):
        con.execute(db.sql("actions/restore_action"), [actor.id, clock.now(), action_id])
        changelog.record(con, actor.id, "action", action_id, "restore", {"deleted_at": before["deleted_at"]},
                         {"deleted": False})


def get_action(con, actor: Person, action_id: int) -> dict:
    """One action (deleted or not) with its linked finding ids, for the team and facilitators:
    id, enquiry_id, team_id, the FIELDS, finding_ids, created_at, updated_at, deleted_at."""
    found = _get(con, action_id)
    require(con, actor, Action.READ_EVIDENCE, team_id=found["team_id"])
    return found


def belongs_to(con, action_id: int, enquiry_id: int) -> bool:
    """Whether ``action_id`` is a live action of the enquiry (for critique answers naming the
    action they led to; the caller checks who is asking)."""
    return db.one(con, "actions/action_of_enquiry", [int(action_id), int(enquiry_id)]) is not None


def _for_whom(values) -> list[str]:
    """Target groups in the vocabulary's order and spelling, then the team's own words, each once."""
    if isinstance(values, str):
        values = [values]
    named = []
    for n, value in enumerate(validate.count("For whom", values, limit=MAX_FOR_WHOM, each="group"), 1):
        text = validate.text(f"For whom ({n})", value, limit=validate.SHORT)
        if text and text.casefold() not in {v.casefold() for v in named}:
            named.append(text)
    if not named:
        raise ValidationError("For whom", "name at least one group of pupils (or others) the change was for: the "
                              "enquiry's target groups above all.")
    vocab = {g.casefold(): g for g in TARGET_GROUPS}
    groups = {vocab[v.casefold()] for v in named if v.casefold() in vocab}
    return [g for g in TARGET_GROUPS if g in groups] + [v for v in named if v.casefold() not in vocab]


def _chart_options(con, actor: Person, dataset_id, chart, options) -> tuple[str | None, dict | None]:
    """The chosen comparison of a data set, checked against its columns (ValidationError naming
    the missing or unknown choice). A chart whose groups are all too small is kept: it says so
    when drawn."""
    chart = None if chart in (None, "") else validate.choice("Comparison", chart, CHART_KINDS)
    if chart is None:
        return None, None
    if dataset_id is None:
        raise ValidationError("Comparison", "choose the data set it compares, or no comparison.")
    options = {k: v for k, v in (options or {}).items() if k in CHART_OPTIONS and v not in (None, "")}
    options["adjust"] = bool(options.get("adjust"))
    meta, frame = datasets.get_dataset(con, actor, int(dataset_id))
    roles = datasets.columns_by_role(meta)
    scores = roles["measure"] + roles["pre"] + roles["post"]
    group, measure = options.get("group"), options.get("measure")
    if group is not None and group not in roles["group"]:
        raise ValidationError("Comparison", f"'{group}' is not a group column of this data set; choose one of: "
                              f"{', '.join(roles['group']) or 'none'}.")
    if measure is not None and measure not in scores:
        raise ValidationError("Comparison", f"'{measure}' is not a score column of this data set; choose one of: "
                              f"{', '.join(scores) or 'none'}.")
    prepost, by_group, distribution, comparison = CHART_KINDS
    if chart == prepost and not (roles["pre"] and roles["post"]):
        raise ValidationError("Comparison", "this data set has no pre and post columns to show change over time.")
    if chart in (by_group, distribution) and measure is None:
        raise ValidationError("Comparison", "choose the measure to chart.")
    if chart == by_group and group is None:
        raise ValidationError("Comparison", "choose a group column to compare groups.")
    if chart == comparison:
        if group is None:
            raise ValidationError("Comparison", "choose the group column that records which pupils had the "
                                  "intervention.")
        values = charts.group_values(frame, group)
        if options.get("intervention") not in values or options.get("compared") not in values or (
                options.get("intervention") == options.get("compared")):
            raise ValidationError("Comparison", f"choose the intervention group and a different comparison group "
                                  f"from the values of '{group}'.")
        if measure is None and not roles["post"]:
            raise ValidationError("Comparison", "choose the post-test (outcome) to compare.")
    return chart, options


def _build_args(roles: dict, options: dict) -> dict:
    return {"measure": options.get("measure"), "group": options.get("group"),
            "pre": (roles["pre"] or [None])[0], "post": (roles["post"] or [None])[0],
            "intervention": options.get("intervention"), "compared": options.get("compared"),
            "adjust": bool(options.get("adjust")),
            "attainment": options.get("measure", (roles["post"] or [None])[0]) in roles["attainment"]}


def add_impact_review(con, actor: Person, action_id: int, *, what_changed, for_whom, evidence_ids=(),
                      dataset_id: int | None = None, chart: str | None = None, chart_options: dict | None = None,
                      reviewed_on, when: dt.datetime | None = None) -> int:
    """Record what changed, for whom and the evidence for it: evidence items of the enquiry and,
    optionally, one comparison of one of its data sets (``chart``, one of CHART_KINDS, drawn
    with ``chart_options``: measure, group, intervention, compared, adjust). Returns its id.

    Refused (ValidationError naming the field): nothing written in what changed or for whom, a
    review date before the action started or in the future, evidence or a data set of another
    enquiry, deleted, or whose participants withdrew consent."""
    action = _live(con, action_id)
    require(con, actor, Action.EDIT_ENQUIRY, team_id=action["team_id"])
    what_changed = validate.text("What changed", what_changed, required=True)
    groups = _for_whom(for_whom)
    reviewed = _date("Reviewed on", reviewed_on)
    if reviewed < action["starts_on"]:
        raise ValidationError("Reviewed on", f"{uk_date(reviewed)} is before the action started "
                              f"({uk_date(action['starts_on'])}); a review looks back at what the action changed.")
    if reviewed > clock.today():
        raise ValidationError("Reviewed on", "is in the future; use the day the team reviewed the impact.")
    ids = sorted({int(i) for i in validate.count("Evidence", evidence_ids, limit=MAX_EVIDENCE, each="item")})
    chart = None if chart in (None, "") else validate.choice("Comparison", chart, CHART_KINDS)
    if dataset_id is not None:
        data = db.one(con, "actions/dataset_of_enquiry", [int(dataset_id), action["enquiry_id"]])
        if data is None:
            raise ValidationError("Data set", "is deleted or belongs to another enquiry; choose one of this "
                                  "enquiry's data sets.")
        if data["consent"] == "withdrawn":
            raise ValidationError("Data set", "its evidence item records that consent was withdrawn, so it "
                                  "cannot be cited (BERA guidelines). Leave it out.")
    chart, options = _chart_options(con, actor, dataset_id, chart, chart_options)
    with db.transaction(con):
        if ids:
            found = {r["id"]: r["consent"] for r in db.rows(con, "actions/evidence_of_enquiry",
                                                             [action["enquiry_id"], ids])}
            if set(ids) - set(found):
                raise ValidationError("Evidence", "one of the items is deleted or belongs to another enquiry; choose "
                                      "from this enquiry's evidence log.")
            if "withdrawn" in found.values():
                raise ValidationError("Evidence", "one of the items records that its participants withdrew consent, "
                                      "so it cannot be cited (BERA guidelines). Leave it out.")
        review_id = db.scalar(con, "actions/insert_review", [
            action_id, what_changed, groups, None if dataset_id is None else int(dataset_id), chart,
            None if options is None else json.dumps(options), reviewed, actor.id, when or clock.now()])
        for evidence_id in ids:
            con.execute(db.sql("actions/insert_review_evidence"), [review_id, evidence_id])
        changelog.record(con, actor.id, "impact_review", review_id, "create", None, {
            "action_id": action_id, "what_changed": what_changed, "for_whom": groups, "evidence_ids": ids,
            "dataset_id": dataset_id, "chart": chart, "chart_options": options, "reviewed_on": reviewed})
    return review_id


def _reviews(con, action_ids) -> list[dict]:
    out = db.rows(con, "actions/list_reviews", [[int(a) for a in action_ids]])
    for row in out:
        row["for_whom"] = list(row["for_whom"] or [])
        row["evidence_ids"] = [int(i) for i in row["evidence_ids"] or []]
        row["evidence"] = list(row["evidence"] or [])
        row["left_out"] = int(row["left_out"] or 0)
        row["chart_options"] = json.loads(row["chart_options"]) if row["chart_options"] else {}
        if row["dataset_id"] is None:
            row["chart"] = None
    return out


def impact_reviews(con, actor: Person, action_id: int) -> list[dict]:
    """The action's impact reviews, oldest first: id, action_id, what_changed, for_whom,
    reviewed_on, reviewed_by (name), created_at, evidence_ids and evidence (titles), dataset_id
    and dataset (name), chart and chart_options, and left_out (cited items no longer counted:
    deleted, or consent withdrawn). A data set no longer counted shows as dataset_id None."""
    get_action(con, actor, action_id)
    return _reviews(con, [action_id])


def reviews_for_enquiry(con, actor: Person, enquiry_id: int) -> dict[int, list[dict]]:
    """Every live action's impact reviews in one query: action id -> reviews (as impact_reviews)."""
    require(con, actor, Action.READ_EVIDENCE, team_id=team_of(con, enquiry_id))
    ids = [int(r["id"]) for r in db.rows(con, "actions/action_ids", [enquiry_id])]
    found: dict[int, list[dict]] = {i: [] for i in ids}
    for row in _reviews(con, ids):
        found[row["action_id"]].append(row)
    return found


def review_chart(con, actor: Person, review: dict) -> dict:
    """What draws a review's data set comparison: keyword arguments for
    ``st_glue.dataset_chart`` (dataset_id, kind, measure, pre, post, group, _frame, threshold,
    intervention, compared, adjust, attainment). Every figure then comes through disclosure
    control. Raises ValidationError when the review names no comparison or its data can no
    longer be used (deleted, consent withdrawn)."""
    if not review.get("chart") or review.get("dataset_id") is None:
        raise ValidationError("Comparison", "this review names no data set comparison.")
    meta, frame = datasets.get_dataset(con, actor, int(review["dataset_id"]))
    args = _build_args(datasets.columns_by_role(meta), review.get("chart_options") or {})
    return {"dataset_id": int(review["dataset_id"]), "kind": review["chart"], **args, "_frame": frame,
            "threshold": meta["threshold"]}


def list_actions(con, actor: Person, enquiry_id: int, *, deleted: bool = False) -> pd.DataFrame:
    """The enquiry's action plan, by review date (for the team and facilitators). Columns: id,
    strategy, owner, starts_on, review_on, success_criteria, status, stop_reason, finding_ids,
    findings (the claims of its live findings), finding_evidence (for each of those findings,
    the titles of its live evidence whose consent stands), reviews (how many impact reviews),
    last_reviewed_on, overdue, created_at, updated_at, deleted_at. ``deleted=True`` lists the
    deleted actions instead, for restoring."""
    require(con, actor, Action.READ_EVIDENCE, team_id=team_of(con, enquiry_id))
    plan = db.frame(con, "actions/list_actions", {"enquiry_id": enquiry_id, "today": clock.today(), "deleted": deleted})
    linked: dict[int, list[dict]] = {int(a): [] for a in plan["id"]}
    if linked:
        for row in db.rows(con, "actions/linked_findings", [list(linked)]):
            linked[row["action_id"]].append(row)
    plan.insert(8, "finding_ids", [[int(f["finding_id"]) for f in linked[int(a)]] for a in plan["id"]])
    plan.insert(9, "findings", [[f["claim"] for f in linked[int(a)]] for a in plan["id"]])
    plan.insert(10, "finding_evidence", [[list(f["evidence"] or []) for f in linked[int(a)]] for a in plan["id"]])
    plan["overdue"] = plan["overdue"].fillna(False).astype(bool)
    plan["reviews"] = plan["reviews"].astype(int)
    return plan


def plan_summary(con, actor: Person, enquiry_id: int) -> list[dict]:
    """What the team did and what changed, for anyone who reads enquiries (senior leaders
    included): each live action's strategy, owner, starts_on, review_on, success_criteria,
    status, stop_reason, findings (claims) and impacts (reviewed_on, what_changed, for_whom,
    evidence: how many items stand behind it, and chart: the comparison named, if any). No
    evidence titles or data: those stay with the team and facilitators."""
    require(con, actor, Action.READ_ENQUIRY)
    plan = db.rows(con, "actions/list_actions", {"enquiry_id": enquiry_id, "today": clock.today(), "deleted": False})
    ids = [int(a["id"]) for a in plan]
    claims: dict[int, list[str]] = {i: [] for i in ids}
    impacts: dict[int, list[dict]] = {i: [] for i in ids}
    if ids:
        for row in db.rows(con, "actions/linked_findings", [ids]):
            claims[row["action_id"]].append(row["claim"])
        for row in _reviews(con, ids):
            impacts[row["action_id"]].append({"reviewed_on": row["reviewed_on"], "what_changed": row["what_changed"],
                                              "for_whom": row["for_whom"], "evidence": len(row["evidence_ids"]),
                                              "chart": row["chart"]})
    keep = (*FIELDS, "overdue")
    return [{**{k: a[k] for k in keep}, "overdue": bool(a["overdue"]), "findings": claims[int(a["id"])],
             "impacts": impacts[int(a["id"])]} for a in plan]


def overdue_reviews(con, actor: Person, cycle_id: int, *, team_id: int | None = None) -> pd.DataFrame:
    """Overdue impact reviews of a running cycle, oldest review date first: school, team, action
    (the strategy), owner, review_on, team_id, enquiry_id, action_id. Every team's for those who
    see the programme overview; with ``team_id``, that team's for whoever reads its evidence. A
    finished cycle has none."""
    if team_id is None:
        require(con, actor, Action.VIEW_OVERVIEW)
    else:
        require(con, actor, Action.READ_EVIDENCE, team_id=team_id)
    return db.frame(con, "actions/overdue_reviews", {"cycle_id": cycle_id, "team_id": team_id, "today": clock.today()})


def overdue_by_team(con, actor: Person, cycle_id: int) -> dict[int, int]:
    """How many overdue impact reviews each team of the cycle has (teams with none left out)."""
    found = overdue_reviews(con, actor, cycle_id)
    return {int(k): int(v) for k, v in found.groupby("team_id").size().items()}

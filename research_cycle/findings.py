"""Findings: the team's claims, each linked to the evidence that supports it, and the
triangulation matrix that shows how many methods, voices and origins stand behind each claim.

A finding resting on one method, one voice or one origin is flagged: the programme asks teams
to test their hunches against evidence from more than one angle.
"""

from __future__ import annotations

import pandas as pd

from .enquiries import team_of
from .store import changelog, clock, db, validate
from .store.actors import Person
from .store.errors import NotFound, ValidationError
from .store.permissions import Action, require


def _check_evidence(con, enquiry_id: int, evidence_ids) -> list[int]:
    ids = sorted({int(i) for i in evidence_ids})
    if ids:
        rows = db.rows(con, "findings/live_evidence_of_enquiry", [enquiry_id, ids])
        if set(ids) - {r["id"] for r in rows}:
            raise ValidationError("Supporting evidence", "one of the items is deleted or belongs to another "
                                  "enquiry; choose from this enquiry's evidence log.")
        withdrawn = [r["title"] for r in rows if r["consent"] == "withdrawn"]
        if withdrawn:
            raise ValidationError("Supporting evidence", f"'{withdrawn[0]}' cannot support a finding: its "
                                  "participants withdrew consent, so it is left out of every analysis and document "
                                  "(BERA). Choose other evidence, or correct its consent if that was a mistake.")
    return ids


def add_finding(con, actor: Person, enquiry_id: int, *, claim, detail="", evidence_ids=()) -> int:
    require(con, actor, Action.EDIT_ENQUIRY, team_id=team_of(con, enquiry_id))
    claim = validate.text("Finding", claim, required=True, limit=validate.MEDIUM)
    detail = validate.text("Detail", detail)
    with db.transaction(con):
        ids = _check_evidence(con, enquiry_id, evidence_ids)
        now = clock.now()
        finding_id = db.scalar(con, "findings/insert_finding", [enquiry_id, claim, detail, actor.id, now, now])
        for evidence_id in ids:
            con.execute(db.sql("findings/insert_support"), [finding_id, evidence_id])
        changelog.record(con, actor.id, "finding", finding_id, "create", None,
                         {"claim": claim, "detail": detail, "evidence_ids": ids})
    return finding_id


def get_finding(con, actor: Person, finding_id: int) -> dict:
    """One finding with the ids of its supporting evidence (for those who may read the team's
    evidence); evidence whose participants withdrew consent is not among them."""
    found = _get(con, finding_id)
    require(con, actor, Action.READ_EVIDENCE, team_id=team_of(con, found["enquiry_id"]))
    return found


def _get(con, finding_id: int) -> dict:
    row = db.one(con, "findings/get_finding", [finding_id])
    if row is None:
        raise NotFound("That finding no longer exists.")
    row["evidence_ids"] = list(row["evidence_ids"] or [])
    row["withheld_ids"] = list(row["withheld_ids"] or [])
    return row


def update_finding(con, actor: Person, finding_id: int, *, claim, detail="", evidence_ids=()) -> None:
    before = _get(con, finding_id)
    require(con, actor, Action.EDIT_ENQUIRY, team_id=team_of(con, before["enquiry_id"]))
    claim = validate.text("Finding", claim, required=True, limit=validate.MEDIUM)
    detail = validate.text("Detail", detail)
    with db.transaction(con):
        ids = _check_evidence(con, before["enquiry_id"], evidence_ids)
        con.execute(db.sql("findings/update_finding"), [claim, detail, clock.now(), finding_id])
        con.execute(db.sql("findings/delete_support"), [finding_id])
        # Links to withdrawn evidence stay, hidden, so that correcting the consent restores them.
        for evidence_id in sorted(set(ids) | set(before["withheld_ids"])):
            con.execute(db.sql("findings/insert_support"), [finding_id, evidence_id])
        changelog.record(con, actor.id, "finding", finding_id, "update",
                         {k: before[k] for k in ("claim", "detail", "evidence_ids")},
                         {"claim": claim, "detail": detail, "evidence_ids": ids})


def delete_finding(con, actor: Person, finding_id: int) -> None:
    before = _get(con, finding_id)
    require(con, actor, Action.EDIT_ENQUIRY, team_id=team_of(con, before["enquiry_id"]))
    with db.transaction(con):
        con.execute(db.sql("findings/soft_delete_finding"), [clock.now(), finding_id])
        changelog.record(con, actor.id, "finding", finding_id, "delete", {"claim": before["claim"]}, None)


def list_findings(con, actor: Person, enquiry_id: int) -> pd.DataFrame:
    """Findings with their supporting (not deleted) evidence ids and titles."""
    require(con, actor, Action.READ_EVIDENCE, team_id=team_of(con, enquiry_id))
    return db.frame(con, "findings/list_findings", [enquiry_id])


def triangulation(con, actor: Person, enquiry_id: int) -> pd.DataFrame:
    """Findings × methods, voices and origins: the number of supporting items in each, the
    number of distinct methods, voices and origins, and a warning where a claim rests on one.

    Columns: finding_id, Finding, Warning, Items, Methods, Voices, Origins (distinct counts), then
    one column per method ('Method: interview'), voice ('Voice: pupils') and origin
    ('Origin: our practice') present in the support."""
    require(con, actor, Action.READ_EVIDENCE, team_id=team_of(con, enquiry_id))
    support = db.frame(con, "findings/support_facets", [enquiry_id])
    findings = db.frame(con, "findings/list_findings", [enquiry_id])
    out = findings[["id", "claim"]].rename(columns={"id": "finding_id", "claim": "Finding"})
    if out.empty:
        return out
    # Supporting items per finding and facet value, counted once (an item may be linked once).
    per = support.groupby(["facet", "finding_id", "value"], sort=True)["evidence_id"].nunique()
    facets = set(per.index.get_level_values("facet"))
    for facet, label in (("method", "Method"), ("voice", "Voice"), ("origin", "Origin")):
        if facet in facets:
            wide = per.xs(facet, level="facet").unstack("value", fill_value=0)
            wide = wide[sorted(wide.columns)]
            wide.columns = [f"{label}: {c}" for c in wide.columns]
            out = out.merge(wide, left_on="finding_id", right_index=True, how="left")
    items = support.groupby("finding_id")["evidence_id"].nunique()
    out.insert(2, "Items", out["finding_id"].map(items).fillna(0).astype(int))
    distinct = support.groupby(["facet", "finding_id"])["value"].nunique()
    for facet, label in (("method", "Methods"), ("voice", "Voices"), ("origin", "Origins")):
        counts = distinct.xs(facet, level="facet") if facet in facets else pd.Series(dtype=int)
        out[label] = out["finding_id"].map(counts).fillna(0).astype(int)
    out = out.fillna(0)
    for col in out.columns:
        if col.startswith(("Method: ", "Voice: ", "Origin: ")):
            out[col] = out[col].astype(int)
    out["Warning"] = [_warning(r) for r in out.itertuples()]
    # The claim and its warning first, so both are in view however many facets follow.
    first = ["finding_id", "Finding", "Warning", "Items", "Methods", "Voices", "Origins"]
    return out[first + [c for c in out.columns if c not in first]]


def _warning(row) -> str:
    if row.Items == 0:
        return "No supporting evidence yet"
    problems = []
    if row.Methods < 2:
        problems.append("one method")
    if row.Voices < 2:
        problems.append("one voice" if row.Voices == 1 else "no voices recorded")
    if row.Origins < 2:
        problems.append("one origin")
    return ("Rests on " + ", ".join(problems)) if problems else ""

"""Retention against the sample alliance, counted by hand from sample_data/: the 2025/26 cycle has
6 pupil data sets (56 + 58 + 212 + 45 + 6 + 184 = 561 rows), 45 evidence items holding 13 quotes,
38 descriptions of who took part and 17 summaries of items marked as personal or special-category
data. The sample has no attachments: the tests add one to each cycle."""

from __future__ import annotations

import csv

import pytest

from research_cycle import evidence, retention
from research_cycle.store import db
from research_cycle.store.actors import SYSTEM
from research_cycle.store.errors import PermissionDenied, ValidationError

SAMPLE = db.PROJECT_ROOT / "sample_data"


def _hand_counts(cycle: str) -> dict:
    """The same figures read straight from the sample's CSV files."""
    items = [r for r in csv.DictReader(open(SAMPLE / "evidence.csv", encoding="utf-8")) if r["cycle"] == cycle]
    sets = [r for r in csv.DictReader(open(SAMPLE / "datasets.csv", encoding="utf-8")) if r["cycle"] == cycle]
    rows = sum(sum(1 for _ in open(SAMPLE / r["file"], encoding="utf-8")) - 1 for r in sets)
    return {"datasets": len(sets), "rows": rows,
            "quotes": sum(len([q for q in r["quotes"].split("|") if q.strip()]) for r in items),
            "participants": sum(bool(r["participants"].strip()) for r in items),
            "sensitive": sum(r["sensitivity"] != "none" and bool(r["summary"].strip()) for r in items)}


def _quotes(cycle: str) -> set[str]:
    items = [r for r in csv.DictReader(open(SAMPLE / "evidence.csv", encoding="utf-8")) if r["cycle"] == cycle]
    return {q.strip() for r in items for q in r["quotes"].split("|") if q.strip()}


def _only_in(cycle: str, other: str) -> str:
    """A quote of ``cycle`` that ``other`` does not repeat."""
    return sorted(_quotes(cycle) - _quotes(other))[0]


@pytest.fixture
def cycles(sample_con):
    ids = dict(sample_con.execute("SELECT label, id FROM cycle").fetchall())
    files = {}
    for label, cycle_id in ids.items():
        evidence_id = sample_con.execute(
            "SELECT min(e.id) FROM evidence_item e JOIN enquiry q ON q.id = e.enquiry_id JOIN team t ON t.id = q.team_id "
            "WHERE t.cycle_id = ?", [cycle_id]).fetchone()[0]
        files[label] = evidence.add_attachment(sample_con, SYSTEM, evidence_id, f"interview {label[:4]} Jack.txt",
                                               b"Transcript of the interview with Jack, Year 5.")
    return ids, files


def _admin(con):
    from helpers import person_with
    return person_with(con, "administrator")


def test_preview_matches_the_hand_counted_sample(sample_con, cycles):
    ids, _ = cycles
    assert _hand_counts("2025/26") == {"datasets": 6, "rows": 561, "quotes": 13, "participants": 38, "sensitive": 17}
    plan = retention.preview(sample_con, _admin(sample_con), ids["2025/26"])
    hand = _hand_counts("2025/26")
    assert plan.counts() == {
        "pupil data sets": hand["datasets"], "data set rows": hand["rows"], "attachments": 1,
        "evidence items with personal text": len(plan.evidence), "quotes": hand["quotes"], "notes": 0,
        "participant descriptions": hand["participants"], "sensitive summaries": hand["sensitive"]}
    assert [a["filename"] for a in plan.attachments] == ["interview 2025 Jack.txt"]
    assert plan.due_on is None and not plan.due  # no period set yet


def test_nothing_is_deleted_before_the_period_has_passed(sample_con, cycles, monkeypatch):
    ids, _ = cycles
    admin = _admin(sample_con)
    with pytest.raises(PermissionDenied, match="no retention period"):
        retention.apply(sample_con, admin, ids["2025/26"])
    retention.set_period(sample_con, admin, ids["2025/26"], 1)  # ends 31 July 2026 + 1 year
    with pytest.raises(PermissionDenied, match="kept until 31 Jul 2027"):
        retention.apply(sample_con, admin, ids["2025/26"])
    assert sample_con.execute("SELECT count(*) FROM dataset").fetchone()[0] == 12
    with pytest.raises(ValidationError, match="between 1 and 50"):
        retention.set_period(sample_con, admin, ids["2025/26"], 0)


def test_applying_deletes_exactly_the_preview_and_logs_only_counts(sample_con, cycles, monkeypatch):
    ids, files = cycles
    admin = _admin(sample_con)
    old, new = ids["2025/26"], ids["2026/27"]
    quote = _only_in("2025/26", "2026/27")
    assert sample_con.execute("SELECT count(*) FROM change_log WHERE after LIKE ?", [f"%{quote}%"]).fetchone()[0] >= 1
    retention.set_period(sample_con, admin, old, 1)
    before_new = _hand_counts("2026/27")
    old_tables = [r[0] for r in sample_con.execute(
        "SELECT d.id FROM dataset d JOIN evidence_item e ON e.id = d.evidence_id JOIN enquiry q ON q.id = e.enquiry_id "
        "JOIN team t ON t.id = q.team_id WHERE t.cycle_id = ?", [old]).fetchall()]
    plan = retention.preview(sample_con, admin, old)
    monkeypatch.setenv("WORKBENCH_TODAY", "2027-08-01")
    counts = retention.apply(sample_con, admin, old)
    assert counts == plan.counts()

    def one(sql, *params):
        return sample_con.execute(sql, list(params)).fetchone()[0]

    cycle_items = ("SELECT e.id FROM evidence_item e JOIN enquiry q ON q.id = e.enquiry_id JOIN team t ON t.id = q.team_id "
                   "WHERE t.cycle_id = ?")
    # The old cycle's data sets (rows and records), attachments, quotes, notes and participants are gone ...
    assert one(f"SELECT count(*) FROM dataset WHERE evidence_id IN ({cycle_items})", old) == 0
    assert old_tables and one("SELECT count(*) FROM dataset_rows WHERE dataset_id IN (SELECT unnest(?))", old_tables) == 0
    assert one("SELECT count(*) FROM dataset_rows") == one("SELECT count(*) FROM dataset") > 0
    assert one("SELECT count(*) FROM attachment WHERE id = ?", files["2025/26"]) == 0
    assert one(f"SELECT sum(len(quotes)) FROM evidence_item WHERE id IN ({cycle_items})", old) == 0
    assert one(f"SELECT count(*) FROM evidence_item WHERE participants <> '' AND id IN ({cycle_items})", old) == 0
    assert one(f"SELECT count(*) FROM evidence_item WHERE sensitivity <> 'none' AND summary <> '' AND id IN ({cycle_items})",
               old) == 0
    # ... while the items themselves, their non-sensitive summaries and the current cycle stay.
    assert one(f"SELECT count(*) FROM evidence_item WHERE id IN ({cycle_items})", old) == 45
    assert one(f"SELECT count(*) FROM evidence_item WHERE sensitivity = 'none' AND summary <> '' AND id IN ({cycle_items})",
               old) > 0
    assert one(f"SELECT count(*) FROM dataset WHERE evidence_id IN ({cycle_items})", new) == before_new["datasets"]
    assert one(f"SELECT sum(len(quotes)) FROM evidence_item WHERE id IN ({cycle_items})", new) == before_new["quotes"]
    assert one("SELECT count(*) FROM attachment WHERE id = ?", files["2026/27"]) == 1
    # Nowhere keeps a copy: not the change log, not the search documents.
    assert one("SELECT count(*) FROM change_log WHERE concat(before, after) LIKE ?", f"%{quote}%") == 0
    assert one("SELECT count(*) FROM change_log WHERE concat(before, after) LIKE '%interview 2025 Jack%'") == 0
    assert one("SELECT count(*) FROM change_log WHERE concat(before, after) LIKE '%interview 2026 Jack%'") >= 1
    assert one("SELECT count(*) FROM search_doc WHERE body LIKE ?", f"%{quote}%") == 0
    # The log says what kind and how many, and when.
    [(actor, after)] = sample_con.execute(
        "SELECT actor_id, after FROM change_log WHERE entity = 'cycle' AND action = 'apply retention'").fetchall()
    assert actor == admin.id and '"pupil data sets": 6' in after and '"data set rows": 561' in after
    assert "Jack" not in after and quote not in after
    assert one("SELECT retention_applied_at IS NOT NULL FROM cycle WHERE id = ?", old)
    # Applying again finds nothing left to delete.
    assert retention.preview(sample_con, admin, old).empty


def test_only_administrators_set_preview_or_apply(con, world):
    for role in ("teacher", "facilitator", "senior_leader"):
        with pytest.raises(PermissionDenied):
            retention.set_period(con, world[role], world["cycle"], 3)
        with pytest.raises(PermissionDenied):
            retention.preview(con, world[role], world["cycle"])
        with pytest.raises(PermissionDenied):
            retention.apply(con, world[role], world["cycle"])
    retention.set_period(con, world["administrator"], world["cycle"], 3)
    [setting] = retention.list_settings(con, world["administrator"])
    assert setting["retention_years"] == 3 and setting["due_on"].isoformat() == "2030-07-31"

"""Consent withdrawal reaches everywhere (BERA): once an evidence item records that its
participants withdrew consent, no read path the app has shows it as support, finds it, counts it
or draws it, and linking it to a finding is refused with the reason. Correcting the consent brings
it back, links included."""

import datetime as dt

import pytest

from research_cycle import datasets, evidence, findings, overview
from research_cycle.lib import tabular
from research_cycle.store import search
from research_cycle.store.errors import ValidationError


@pytest.fixture
def withdrawn(con, world):
    """An interview supporting a finding, with a data set; then its consent is withdrawn."""
    t = world["teacher"]
    item = evidence.add_evidence(con, t, world["enquiry"], {
        "title": "Interviews with newly arrived pupils", "kind": "interview", "origin": "our practice",
        "voices": ["pupils"], "collected_on": dt.date(2026, 11, 20), "summary": "Quokka words the pupils used",
        "quotes": ["I like the quokka cards"]})
    kept = evidence.add_evidence(con, t, world["enquiry"], {
        "title": "Lesson observation", "kind": "lesson observation", "origin": "our practice", "voices": ["teachers"],
        "collected_on": dt.date(2026, 10, 1)})
    finding = findings.add_finding(con, t, world["enquiry"], claim="Picture cards help new arrivals speak",
                                   evidence_ids=[item, kept])
    csv = b"pupil,score_autumn,score_summer\n" + b"".join(f"P{i},{i},{i + 2}\n".encode() for i in range(8))
    dataset = datasets.import_dataset(con, t, item, tabular.read_table(csv, "s.csv"), name="Scores", filename="s.csv")
    assert search.search(con, t, "quokka", [world["enquiry"]])["source_id"].tolist() == [item]  # found before
    evidence.update_evidence(con, t, item, {"consent": "withdrawn"})
    return {"item": item, "kept": kept, "finding": finding, "dataset": dataset}


def test_withdrawn_evidence_is_found_by_no_read_path(con, world, withdrawn):
    t, q = world["teacher"], world["enquiry"]
    assert search.search(con, t, "quokka", [q]).empty
    listed = findings.list_findings(con, t, q).set_index("id").loc[withdrawn["finding"]]
    assert list(listed["evidence_ids"]) == [withdrawn["kept"]]
    assert "Interviews with newly arrived pupils" not in list(listed["evidence"])
    assert findings.get_finding(con, t, withdrawn["finding"])["evidence_ids"] == [withdrawn["kept"]]
    matrix = findings.triangulation(con, t, q).set_index("finding_id").loc[withdrawn["finding"]]
    assert matrix["Items"] == 1 and matrix["Voices"] == 1 and "Voice: pupils" not in matrix.index
    with pytest.raises(ValidationError, match="consent"):
        datasets.get_dataset(con, t, withdrawn["dataset"])
    # The withdrawn interview (20 Nov) does not count as recent evidence: the last that counts is 1 Oct.
    activity = overview.programme(con, world["facilitator"], world["cycle"]).set_index("team_id")
    assert "no new evidence for 3 weeks" in activity.loc[world["team"], "Stuck because"]


def test_linking_withdrawn_evidence_is_refused_with_the_reason(con, world, withdrawn):
    t, q = world["teacher"], world["enquiry"]
    for attempt in (lambda: findings.add_finding(con, t, q, claim="New", evidence_ids=[withdrawn["item"]]),
                    lambda: findings.update_finding(con, t, withdrawn["finding"], claim="Edited",
                                                    evidence_ids=[withdrawn["item"]])):
        with pytest.raises(ValidationError, match="withdrew consent") as refused:
            attempt()
        assert refused.value.field == "Supporting evidence"
    assert findings.get_finding(con, t, withdrawn["finding"])["claim"] == "Picture cards help new arrivals speak"


def test_correcting_the_consent_brings_the_item_and_its_links_back(con, world, withdrawn):
    t, q = world["teacher"], world["enquiry"]
    # An edit made while the item is withdrawn keeps its (hidden) link.
    findings.update_finding(con, t, withdrawn["finding"], claim="Picture cards help new arrivals talk",
                            evidence_ids=[withdrawn["kept"]])
    evidence.update_evidence(con, t, withdrawn["item"], {"consent": "obtained"})
    assert findings.get_finding(con, t, withdrawn["finding"])["evidence_ids"] == sorted(
        [withdrawn["item"], withdrawn["kept"]])
    assert search.search(con, t, "quokka", [q])["source_id"].tolist() == [withdrawn["item"]]

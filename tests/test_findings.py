import datetime as dt

import pytest

from research_cycle import codebook, evidence, findings
from research_cycle.store import search
from research_cycle.store.actors import SYSTEM
from research_cycle.store.errors import PermissionDenied, ValidationError


def add(con, world, title, summary, **more):
    values = {"title": title, "kind": "interview", "origin": "our practice", "collected_on": dt.date(2026, 11, 1),
              "summary": summary, **more}
    return evidence.add_evidence(con, world["teacher"], world["enquiry"], values)


def test_search_is_ranked_and_shows_the_matching_text(con, world):
    a = add(con, world, "Parents' evening", "Several parents of newly arrived pupils said the letters home were hard to read.")
    b = add(con, world, "Newly arrived pupils' interviews", "Newly arrived pupils described lunchtimes; newly arrived "
                                                              "children felt welcome in class.")
    add(con, world, "Attendance data", "Absence rose after half term.")
    found = search.search(con, SYSTEM, "newly arrived", [world["enquiry"]])
    assert list(found["source_id"])[:2] == [b, a]
    assert "newly arrived" in found["match"].iloc[1].lower()
    assert search.search(con, SYSTEM, "absence", [world["enquiry"]])["title"].tolist() == ["Attendance data"]


def test_search_finds_quotes_notes_tags_and_stems(con, world):
    tag = codebook.add_tag(con, world["facilitator"], "Belonging")
    eid = add(con, world, "Focus group", "Year 6 talked about moving up.", notes="Worries about lunchtime queues",
              quotes=["I don't know anyone going there"])
    evidence.update_evidence(con, world["teacher"], eid, {}, tag_ids=[tag])
    for query in ("queue", "know", "belonging", "worried"):
        assert list(search.search(con, SYSTEM, query, [world["enquiry"]])["source_id"]) == [eid], query


def test_search_leaves_out_deleted_items_and_other_enquiries(con, world):
    eid = add(con, world, "Reading survey", "Boys reading for pleasure")
    other = evidence.add_evidence(con, world["other_teacher"], world["other_enquiry"], {
        "title": "Their reading survey", "kind": "survey", "origin": "our practice", "summary": "reading for pleasure"})
    assert list(search.search(con, SYSTEM, "reading", [world["enquiry"]])["source_id"]) == [eid]
    assert set(search.search(con, SYSTEM, "reading", [world["enquiry"], world["other_enquiry"]])["source_id"]) == {eid, other}
    evidence.delete_evidence(con, world["teacher"], eid)
    assert search.search(con, SYSTEM, "reading", [world["enquiry"]]).empty
    evidence.restore_evidence(con, world["teacher"], eid)
    assert len(search.search(con, SYSTEM, "reading", [world["enquiry"]])) == 1


def test_search_rebuilds_only_when_stale(con, world):
    add(con, world, "One", "alpha")
    assert search.ensure_index(con) is True
    assert search.ensure_index(con) is False
    add(con, world, "Two", "beta")
    assert search.ensure_index(con) is True


def test_empty_or_punctuation_query_returns_nothing(con, world):
    add(con, world, "One", "alpha")
    assert search.search(con, SYSTEM, "  ", [world["enquiry"]]).empty
    assert search.search(con, SYSTEM, "'; DROP TABLE evidence_item; --", [world["enquiry"]]).empty
    assert con.execute("SELECT count(*) FROM evidence_item").fetchone()[0] == 1


def test_snippet_centres_on_the_match():
    text = "word " * 100 + "the phonics intervention " + "word " * 100
    snip = search.snippet(text, "phonics")
    assert "phonics" in snip and snip.startswith("…") and snip.endswith("…") and len(snip) <= search.SNIPPET + 2


def test_codebook_curated_by_facilitators_proposed_by_teams(con, world):
    approved = codebook.add_tag(con, world["facilitator"], "Oracy", "Talk for learning")
    proposed = codebook.add_tag(con, world["teacher"], "Lunchtimes")
    tags = codebook.list_tags(con, statuses=("approved", "proposed")).set_index("name")
    assert tags.loc["Oracy", "status"] == "approved" and tags.loc["Lunchtimes", "status"] == "proposed"
    assert set(codebook.usable_tags(con, world["teacher"])["name"]) == {"Oracy", "Lunchtimes"}
    assert set(codebook.usable_tags(con, world["other_teacher"])["name"]) == {"Oracy"}
    with pytest.raises(ValidationError, match="already in the codebook"):
        codebook.add_tag(con, world["other_teacher"], "oracy")
    with pytest.raises(PermissionDenied):
        codebook.update_tag(con, world["teacher"], proposed, name="Lunchtimes", status="approved")
    with pytest.raises(PermissionDenied):
        codebook.add_tag(con, world["senior_leader"], "Governance")
    codebook.update_tag(con, world["facilitator"], proposed, name="Lunch and play", status="approved")
    assert "Lunch and play" in set(codebook.list_tags(con)["name"])
    assert approved


def test_findings_and_triangulation_flags(con, world):
    t, q = world["teacher"], world["enquiry"]
    obs = add(con, world, "Observation", "Quiet pupils spoke more", kind="lesson observation", voices=["teachers"])
    pv = add(con, world, "Pupil voice", "Pupils said talk partners help", kind="pupil voice", voices=["pupils"])
    lit = add(con, world, "EEF oracy review", "Oral language interventions", kind="research literature",
              origin="wider research", voices=[])
    strong = findings.add_finding(con, t, q, claim="Talk partners help quiet pupils join in", evidence_ids=[obs, pv, lit])
    weak = findings.add_finding(con, t, q, claim="Teachers like talk partners", evidence_ids=[obs])
    empty = findings.add_finding(con, t, q, claim="Parents notice more talk at home")
    m = findings.triangulation(con, t, q).set_index("finding_id")
    assert m.loc[strong, "Items"] == 3 and m.loc[strong, "Methods"] == 3 and m.loc[strong, "Voices"] == 2
    assert m.loc[strong, "Origins"] == 2 and m.loc[strong, "Warning"] == ""
    assert m.loc[strong, "Method: pupil voice"] == 1 and m.loc[strong, "Voice: pupils"] == 1
    assert m.loc[weak, "Warning"] == "Rests on one method, one voice, one origin"
    assert m.loc[empty, "Warning"] == "No supporting evidence yet"
    evidence.update_evidence(con, t, pv, {"consent": "withdrawn"})
    m = findings.triangulation(con, t, q).set_index("finding_id")
    assert m.loc[strong, "Items"] == 2 and m.loc[strong, "Voices"] == 1  # withdrawn data drops out
    evidence.delete_evidence(con, t, lit)
    assert findings.triangulation(con, t, q).set_index("finding_id").loc[strong, "Origins"] == 1


def test_findings_refuse_other_enquiries_evidence_and_other_teams(con, world):
    other = evidence.add_evidence(con, world["other_teacher"], world["other_enquiry"], {
        "title": "Theirs", "kind": "survey", "origin": "our practice"})
    with pytest.raises(ValidationError, match="another enquiry"):
        findings.add_finding(con, world["teacher"], world["enquiry"], claim="x", evidence_ids=[other])
    with pytest.raises(PermissionDenied):
        findings.add_finding(con, world["other_teacher"], world["enquiry"], claim="x")
    with pytest.raises(ValidationError, match="required"):
        findings.add_finding(con, world["teacher"], world["enquiry"], claim="   ")
    assert con.execute("SELECT count(*) FROM finding").fetchone()[0] == 0

"""Drafts of a write-up's sections: values in, text out, nothing invented."""

import datetime as dt
from types import SimpleNamespace

import pandas as pd

from research_cycle.lib import drafts
from research_cycle.store.vocab import ORIGINS, VOICES, WRITEUP_SECTIONS


def _enquiry(**fields):
    blank = dict(focus="", question="", hunch="", why_it_matters="", context="", target_groups=[], year_groups=[],
                 ethics_plan="", ethics_agreed=False)
    return SimpleNamespace(**{**blank, **fields})


def _records(**fields):
    blank = dict(enquiry=_enquiry(), revisions=[], evidence=[], withdrawn=0, findings=[],
                 critique=pd.DataFrame(columns=["created_at", "kind", "source", "meeting", "from_name", "text",
                                                "response", "response_text", "revision_no"]),
                 actions=pd.DataFrame(columns=["id", "strategy", "owner", "starts_on", "review_on",
                                               "success_criteria", "status", "stop_reason", "finding_ids"]),
                 reviews={}, references=[], library={}, evidence_by_id={})
    return {**blank, **fields}


def test_an_enquiry_with_nothing_recorded_gets_empty_drafts():
    assert drafts.assemble(_records(), sections=WRITEUP_SECTIONS, voices=VOICES) == {key: "" for key in WRITEUP_SECTIONS}


def test_every_sentence_comes_from_a_record():
    item = {"id": 7, "code": "E1", "title": "Pupil survey", "kind": "survey", "origin": "our practice",
            "voices": ["pupils"], "participants": "Year 4", "participant_count": 1, "summary": "",
            "collected_on": dt.date(2026, 10, 8), "quotes": ["It is less scary."]}
    plan = pd.DataFrame([{"id": 3, "strategy": "Talk partners in every lesson", "owner": "Ms Khan",
                          "starts_on": dt.date(2027, 1, 4), "review_on": dt.date(2027, 3, 1),
                          "success_criteria": "", "status": "in progress", "stop_reason": "", "finding_ids": [11]}])
    records = _records(
        enquiry=_enquiry(question="Who speaks?", target_groups=["Boys", "Girls"]),
        evidence=[item], evidence_by_id={7: item}, actions=plan,
        findings=[{"id": 11, "number": 1, "claim": "Pairs help.", "detail": "", "evidence": [item],
                   "warning": "Rests on one method"}],
        reviews={3: [{"reviewed_on": dt.date(2027, 2, 1), "what_changed": "More hands up.", "for_whom": ["Boys"],
                      "evidence_ids": [7]}]})
    out = drafts.assemble(records, sections=WRITEUP_SECTIONS, voices=VOICES)
    assert out["title"] == "Who speaks?"
    assert out["abstract"] == ("Our question: Who speaks? Target groups: Boys and Girls. Evidence: 1 item (survey). "
                               "We found: Pairs help. We acted: Talk partners in every lesson.")
    assert out["methods"].startswith("We collected 1 item of evidence: 1 survey.")
    assert "- E1 Pupil survey (survey, our practice; 8 Oct 2026): Year 4 (1 participant)" in out["methods"]
    assert out["findings"] == ("Finding 1: Pairs help.\nEvidence: E1 Pupil survey.\nTriangulation: rests on one "
                               "method.\n\n- “It is less scary.” (E1)")
    assert out["actions"] == ("Talk partners in every lesson (in progress; led by Ms Khan; from 4 Jan 2027, review "
                              "1 Mar 2027)\nPrompted by: Finding 1.\nImpact (1 Feb 2027): More hands up. For: Boys. "
                              "Evidence: E1.")
    assert out["limitations"] == ("Finding 1 (Pairs help.): rests on one method.\n\nNext steps:\n- Talk partners in "
                                  "every lesson (review 1 Mar 2027)")


def test_the_evidence_table_counts_items_by_kind_origin_and_voice():
    items = [{"kind": "survey", "origin": "our practice", "voices": ["pupils"]},
             {"kind": "survey", "origin": "our practice", "voices": ["pupils", "teachers"]},
             {"kind": "research literature", "origin": "wider research", "voices": []}]
    table = drafts.evidence_table(items, origins=ORIGINS, voices=VOICES)
    assert table.to_dict("records") == [
        {"Kind": "survey", "Items": 2, "Our practice": 2, "Wider research": 0, "Voice: pupils": 2, "Voice: teachers": 1},
        {"Kind": "research literature", "Items": 1, "Our practice": 0, "Wider research": 1, "Voice: pupils": 0,
         "Voice: teachers": 0}]
    assert drafts.evidence_table([], origins=ORIGINS, voices=VOICES).empty

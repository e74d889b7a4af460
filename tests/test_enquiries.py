import datetime as dt

import pytest

from research_cycle import enquiries
from research_cycle.store import changelog
from research_cycle.store.actors import SYSTEM
from research_cycle.store.errors import ValidationError
from research_cycle.store.formatting import diff_html, word_diff


def test_first_question_becomes_revision_one(con, world):
    e = enquiries.update_enquiry(con, world["teacher"], world["enquiry"],
                                 {"focus": "Attendance", "question": "Why do some pupils miss school?"})
    revs = enquiries.revisions(con, SYSTEM, e.id)
    assert [(r["revision_no"], r["question"], r["reason"]) for r in revs] == [
        (1, "Why do some pupils miss school?", "First version of the question")]
    assert revs[0]["revised_by"] == "Tess Teacher"


def test_changing_the_question_needs_a_reason_and_records_what_prompted_it(con, world):
    t, eid = world["teacher"], world["enquiry"]
    enquiries.update_enquiry(con, t, eid, {"focus": "Attendance", "question": "Why do pupils miss school?"})
    with pytest.raises(ValidationError, match="say why"):
        enquiries.update_enquiry(con, t, eid, {"question": "What makes school worth coming to?"})
    assert len(enquiries.revisions(con, SYSTEM, eid)) == 1
    enquiries.update_enquiry(con, t, eid, {"question": "What makes school worth coming to?"},
                             reason="Critical friends asked whose problem it is", prompted_by="Meeting 1")
    revs = enquiries.revisions(con, SYSTEM, eid)
    assert [r["revision_no"] for r in revs] == [1, 2]
    assert revs[1]["reason"] == "Critical friends asked whose problem it is"
    assert revs[1]["prompted_by"] == "Meeting 1"
    assert revs[1]["diff"] == [("removed", "Why do pupils miss school?"),
                               ("added", "What makes school worth coming to?")]


def test_other_fields_change_without_a_revision_but_are_logged(con, world):
    t, eid = world["teacher"], world["enquiry"]
    enquiries.update_enquiry(con, t, eid, {"focus": "Attendance", "question": "Q?"})
    e = enquiries.update_enquiry(con, t, eid, {"hunch": "Belonging matters", "target_groups": ["Persistent absentees"]})
    assert e.hunch == "Belonging matters" and e.target_groups == ["Persistent absentees"]
    assert len(enquiries.revisions(con, SYSTEM, eid)) == 1
    last = changelog.history(con, SYSTEM, "enquiry", eid)[-1]
    assert last["actor_id"] == t.id
    assert last["before"] == {"hunch": "", "target_groups": []}
    assert last["after"] == {"hunch": "Belonging matters", "target_groups": ["Persistent absentees"]}


def test_question_cannot_be_emptied_once_written(con, world):
    enquiries.update_enquiry(con, world["teacher"], world["enquiry"], {"focus": "F", "question": "Q?"})
    with pytest.raises(ValidationError, match="cannot be emptied"):
        enquiries.update_enquiry(con, world["teacher"], world["enquiry"], {"question": "   "}, reason="oops")


def test_ethics_cannot_be_agreed_without_a_plan(con, world):
    with pytest.raises(ValidationError, match="write the plan"):
        enquiries.update_enquiry(con, world["teacher"], world["enquiry"], {"focus": "F", "ethics_agreed": True})


def test_a_teammates_save_in_between_is_not_overwritten(con, world):
    t, eid = world["teacher"], world["enquiry"]
    loaded = enquiries.update_enquiry(con, t, eid, {"focus": "F", "question": "Q?"}).updated_at
    enquiries.update_enquiry(con, t, eid, {"hunch": "Teammate's hunch"}, expected_updated_at=loaded)
    with pytest.raises(ValidationError, match="saved changes while you were editing"):
        enquiries.update_enquiry(con, t, eid, {"hunch": "My hunch"}, expected_updated_at=loaded)
    assert enquiries.get_enquiry(con, SYSTEM, eid).hunch == "Teammate's hunch"


def test_list_enquiries_across_schools(con, world):
    enquiries.update_enquiry(con, world["teacher"], world["enquiry"], {"focus": "F", "question": "Q one?"})
    enquiries.update_enquiry(con, world["other_teacher"], world["other_enquiry"], {"focus": "G", "question": "Q two?"})
    listing = enquiries.list_enquiries(con, SYSTEM, world["cycle"])
    assert list(listing["school"]) == ["Brookside Primary", "Hillcrest Academy"]
    assert list(listing["revisions"]) == [1, 1]


def test_word_diff_and_its_html_escape_users_text():
    diff = word_diff("How do <b>we</b> help?", "How do we help pupils?")
    assert diff == [("same", "How do"), ("removed", "<b>we</b> help?"), ("added", "we help pupils?")]
    html = diff_html(diff)
    assert "&lt;b&gt;we&lt;/b&gt;" in html and "<b>" not in html
    assert html.count("<del") == 1 and html.count("<ins") == 1


def test_update_keeps_given_timestamp_for_imported_history(con, world):
    when = dt.datetime(2026, 11, 13, 17, 30)
    e = enquiries.update_enquiry(con, world["teacher"], world["enquiry"], {"focus": "F", "question": "Q?"}, when=when)
    assert e.updated_at == when
    assert enquiries.revisions(con, SYSTEM, e.id)[0]["revised_at"] == when

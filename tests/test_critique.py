"""Critique items: who may give them, answers that say what changed or why not, revisions that
cite them, and the Critique checklist."""

import pytest

from research_cycle import checklists, critique, enquiries, meetings
from research_cycle.store.actors import SYSTEM
from research_cycle.store.errors import PermissionDenied, ValidationError


@pytest.fixture
def paired(con, world):
    """The two teams attended meeting 1 (12 Nov 2026) and were grouped as critical friends."""
    for team, teacher, q in ((world["enquiry"], world["teacher"], "Why do quiet pupils not speak?"),
                             (world["other_enquiry"], world["other_teacher"], "Why are pupils absent?")):
        enquiries.update_enquiry(con, teacher, team, {"focus": "f", "question": q})
    meeting = meetings.schedule(con, world["facilitator"], cycle_id=world["cycle"], title="Meeting 1",
                                held_on="2026-11-12", team_ids=[world["team"], world["other_team"]])
    meetings.propose_groups(con, world["facilitator"], meeting)
    return meeting


def test_critical_friend_and_facilitator_give_critique_team_answers(con, world, paired):
    cool = critique.add_critique(con, world["other_teacher"], world["enquiry"], kind="cool", source="meeting",
                        meeting_id=paired, text="Whose problem is the silence: the pupils' or the lesson's?")
    warm = critique.add_critique(con, world["facilitator"], world["enquiry"], kind="warm", text="Strong use of pupil voice.")
    progress = lambda: checklists.for_team(con, SYSTEM, world["team"]).progress("Critique")  # noqa: E731
    assert progress() == (1, 2)  # presented at meeting 1; two items unanswered
    enquiries.update_enquiry(con, world["teacher"], world["enquiry"], {"question": "What in our lessons helps quiet pupils speak?"},
                             reason="Reframed after critique", prompted_critique_id=cool, prompted_meeting_id=paired)
    critique.answer_critique(con, world["teacher"], cool, accepted=True, text="We reframed the question", revision_no=2)
    critique.answer_critique(con, world["teacher"], warm, accepted=False, text="Thank you; nothing to change")
    assert progress() == (2, 2)
    items = critique.for_enquiry(con, world["teacher"], world["enquiry"]).set_index("id")
    assert items.loc[cool, "response"] == "accepted" and items.loc[cool, "revision_no"] == 2
    assert items.loc[cool, "meeting"] == "Meeting 1"
    revision = enquiries.revisions(con, SYSTEM, world["enquiry"])[-1]
    assert revision["prompted_critique_id"] == cool and revision["prompted_by_meeting"] == "Meeting 1"


def test_who_may_give_critique(con, world, paired):
    with pytest.raises(PermissionDenied, match="other teams' enquiries"):
        critique.add_critique(con, world["teacher"], world["enquiry"], kind="warm", text="We are great")
    for role in ("senior_leader", "administrator"):
        with pytest.raises(PermissionDenied):
            critique.add_critique(con, world[role], world["enquiry"], kind="warm", text="x")


def test_teachers_not_paired_cannot_critique(con, world):
    with pytest.raises(PermissionDenied, match="critical friends"):
        critique.add_critique(con, world["other_teacher"], world["enquiry"], kind="question", text="Why?")


def test_answers_only_by_the_team_and_must_say_something(con, world, paired):
    item = critique.add_critique(con, world["facilitator"], world["enquiry"], kind="question", text="What does success look like?")
    with pytest.raises(PermissionDenied):
        critique.answer_critique(con, world["other_teacher"], item, accepted=True, text="Not my team")
    with pytest.raises(ValidationError) as err:
        critique.answer_critique(con, world["teacher"], item, accepted=False, text="  ")
    assert err.value.field == "Why not"
    with pytest.raises(ValidationError, match="revision 9 does not exist"):
        critique.answer_critique(con, world["teacher"], item, accepted=True, text="Changed", revision_no=9)
    assert critique.get_critique(con, SYSTEM, item)["response"] is None


@pytest.mark.parametrize("kwargs,field", [
    ({"kind": "angry"}, "Kind"), ({"text": "   "}, "Critique"), ({"source": "meeting"}, "Meeting"),
    ({"source": "clinic", "booking_id": 99}, "Clinic"), ({"evidence_id": 999}, "Evidence item"),
])
def test_bad_critique_is_refused(con, world, paired, kwargs, field):
    values = {"kind": "warm", "text": "Good"}
    values.update(kwargs)
    with pytest.raises(ValidationError) as err:
        critique.add_critique(con, world["facilitator"], world["enquiry"], **values)
    assert err.value.field == field
    assert con.execute("SELECT count(*) FROM critique_item").fetchone()[0] == 0


def test_revision_cannot_cite_another_enquirys_critique(con, world, paired):
    theirs = critique.add_critique(con, world["facilitator"], world["other_enquiry"], kind="warm", text="Good")
    with pytest.raises(ValidationError, match="not on this enquiry"):
        enquiries.update_enquiry(con, world["teacher"], world["enquiry"], {"question": "New?"}, reason="r",
                                 prompted_critique_id=theirs)


def test_an_answer_can_link_the_new_evidence_it_led_to(con, world, paired):
    from research_cycle import evidence

    item = critique.add_critique(con, world["facilitator"], world["enquiry"], kind="suggestion", text="Ask the pupils")
    new = evidence.add_evidence(con, world["teacher"], world["enquiry"], {
        "title": "Pupil voice: when do you speak?", "kind": "pupil voice", "origin": "our practice"})
    theirs = evidence.add_evidence(con, world["other_teacher"], world["other_enquiry"], {
        "title": "Theirs", "kind": "survey", "origin": "our practice"})
    with pytest.raises(ValidationError, match="evidence item of this enquiry"):
        critique.answer_critique(con, world["teacher"], item, accepted=True, text="We asked", evidence_id=theirs)
    critique.answer_critique(con, world["teacher"], item, accepted=True, text="We asked them", evidence_id=new)
    row = critique.for_enquiry(con, world["teacher"], world["enquiry"]).set_index("id").loc[item]
    assert row["new_evidence"] == "Pupil voice: when do you speak?"


def test_two_teammates_answering_at_once_lose_nothing(tmp_path, world, con):
    """Both forms were loaded while the item was unanswered: the first save wins, the second is
    refused with a reason (in the load test 122 of 244 concurrent answers were silently lost)."""
    import threading

    from research_cycle import people, teams
    from research_cycle.store.actors import SYSTEM

    mate = people.get_person(con, people.create_person(con, SYSTEM, name="Mo Mate", email="mo@brookside.example.sch.uk",
                                                       school_id=world["schools"][0], roles=["teacher"]))
    teams.add_member(con, SYSTEM, world["team"], mate.id)
    items = [critique.add_critique(con, world["facilitator"], world["enquiry"], kind="question", text=f"Q{n}")
             for n in range(20)]
    outcomes, start = [], threading.Barrier(2)

    def answer(person, words):
        cur = con.cursor()
        start.wait()
        for item in items:
            try:
                critique.answer_critique(cur, person, item, accepted=False, text=words)
                outcomes.append((item, words))
            except ValidationError as exc:
                assert "answered this item while you were writing" in str(exc)

    threads = [threading.Thread(target=answer, args=(world["teacher"], "Tess's answer")),
               threading.Thread(target=answer, args=(mate, "Mo's answer"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stored = critique.for_enquiry(con, world["teacher"], world["enquiry"]).set_index("id")
    assert len(outcomes) == len(items)  # exactly one answer saved per item
    for item, words in outcomes:
        assert stored.loc[item, "response_text"] == words  # and the saved one is the one reported saved


def test_changing_an_answer_needs_the_answer_it_replaces(con, world, paired):
    item = critique.add_critique(con, world["facilitator"], world["enquiry"], kind="question", text="Why Year 4?")
    critique.answer_critique(con, world["teacher"], item, accepted=False, text="It is where the gap is widest")
    with pytest.raises(ValidationError, match="while you were writing"):
        critique.answer_critique(con, world["teacher"], item, accepted=True, text="We widened it")
    seen = critique.get_critique(con, world["teacher"], item)["responded_at"]
    critique.answer_critique(con, world["teacher"], item, accepted=True, text="We widened it",
                             expected_responded_at=seen)
    assert critique.get_critique(con, world["teacher"], item)["response_text"] == "We widened it"

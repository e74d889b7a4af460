"""Bad input is refused with a message naming the field and the fix, and nothing is stored."""

import pytest

from helpers import school_fields
from research_cycle import cycles, enquiries, evidence, people, schools, teams
from research_cycle.store.actors import SYSTEM
from research_cycle.store.errors import ValidationError


def counts(con):
    tables = ("school", "person", "person_role", "cycle", "milestone", "team", "enquiry", "question_revision", "change_log")
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def refused(con, call, field, *words):
    before = counts(con)
    with pytest.raises(ValidationError) as err:
        call()
    assert err.value.field == field
    for word in words:
        assert word in str(err.value)
    assert counts(con) == before, "nothing may be stored when input is refused"
    return err.value


# Zero-width space, joiners, word joiner, byte-order mark, left-to-right mark, no-break and ideographic
# spaces, a Hangul filler, the Braille blank and a lone combining accent: nothing a reader can see.
INVISIBLE = ["\u200b", "\u200b\u200c\u200d", "\u2060\ufeff", "\u200e\u200f", "\u00a0\u3000", "\u3164", "\u2800",
             "\u0301", "\u200b \u00ad \u2063"]


@pytest.mark.parametrize("name", ["", "   ", "\t\n", *INVISIBLE])
def test_empty_whitespace_or_invisible_school_name(con, name):
    refused(con, lambda: schools.create_school(con, SYSTEM, **school_fields(name=name)), "School name", "required")


@pytest.mark.parametrize("title", INVISIBLE)
def test_an_evidence_title_of_invisible_characters_is_empty(con, world, title):
    tables = ("evidence_item", "change_log")
    before = [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables]
    with pytest.raises(ValidationError) as err:
        evidence.add_evidence(con, world["teacher"], world["enquiry"],
                              {"title": title, "kind": "learning walk", "origin": "our practice"})
    assert err.value.field == "Title" and "required" in err.value.message
    assert [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables] == before


def test_invisible_characters_at_the_ends_are_trimmed_but_accents_and_flags_kept(con, world):
    eid = evidence.add_evidence(con, world["teacher"], world["enquiry"], {
        "title": "\u200b\ufeff Cafe\u0301 visit \U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f\u200b",
        "kind": "learning walk", "origin": "our practice"})
    title = evidence.get_evidence(con, world["teacher"], eid)["title"]
    assert title == "Cafe\u0301 visit \U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"


def test_overlong_text_states_the_limit(con, world):
    err = refused(con, lambda: enquiries.update_enquiry(con, world["teacher"], world["enquiry"],
                                                         {"focus": "x", "question": "Why? " * 200}),
                  "Question", "limit is 500")
    assert "999 characters long" in err.message


@pytest.mark.parametrize("urn", ["12345", "1234567", "12a456", "", "ABCDEF"])
def test_urn_must_be_six_digits(con, urn):
    refused(con, lambda: schools.create_school(con, SYSTEM, **school_fields(urn=urn)), "URN")


def test_duplicate_urn(con):
    schools.create_school(con, SYSTEM, **school_fields())
    refused(con, lambda: schools.create_school(con, SYSTEM, **school_fields(name="Another")), "URN", "already")


@pytest.mark.parametrize("field,label", [("pct_pupil_premium", "% pupil premium"), ("pct_eal", "% EAL"),
                                         ("pct_send", "% SEND")])
@pytest.mark.parametrize("value", [-1, 100.5, "lots"])
def test_percentages_outside_0_to_100(con, field, label, value):
    refused(con, lambda: schools.create_school(con, SYSTEM, **school_fields(**{field: value})), label, "0 to 100")


def test_second_team_for_the_same_school_and_cycle(con, world):
    refused(con, lambda: teams.create_team(con, SYSTEM, cycle_id=world["cycle"], school_id=world["schools"][0],
                                           name="Second team"), "School", "already has a team")


@pytest.mark.parametrize("label,starts,ends", [("2027/28", "2027-07-01", "2028-07-31"),
                                               ("2025/26", "2026-01-01", "2026-09-01"),
                                               ("2027/28", "2026-10-01", "2027-03-01")])
def test_cycle_dates_overlapping_another(con, world, label, starts, ends):
    refused(con, lambda: cycles.create_cycle(con, SYSTEM, label=label, starts_on=starts, ends_on=ends), "Dates",
            "overlap", "2026/27")


def test_cycle_label_and_date_order(con):
    refused(con, lambda: cycles.create_cycle(con, SYSTEM, label="2026-27", starts_on="2026-09-01",
                                             ends_on="2027-07-31"), "Academic year", "2026/27")
    refused(con, lambda: cycles.create_cycle(con, SYSTEM, label="2026/27", starts_on="2027-09-01",
                                             ends_on="2027-07-31"), "End date", "after")


def test_calendar_date_outside_cycle_refuses_whole_calendar(con, world):
    before = cycles.milestones(con, world["cycle"])
    refused(con, lambda: cycles.save_calendar(con, SYSTEM, world["cycle"], [
        {"title": "Launch", "kind": "launch", "due_on": "2026-09-10"},
        {"title": "Conference", "kind": "conference", "due_on": "2027-09-10"},
    ]), "Calendar row 2: date", "outside the cycle")
    assert cycles.milestones(con, world["cycle"]).equals(before)


@pytest.mark.parametrize("email", ["", "not-an-email", "a@b", "two@@x.org"])
def test_person_email(con, email):
    refused(con, lambda: people.create_person(con, SYSTEM, name="X", email=email, roles=["facilitator"]), "Email")


def test_duplicate_email_and_teacher_without_school(con, world):
    refused(con, lambda: people.create_person(con, SYSTEM, name="Tess Again", email="TESS@brookside.example.sch.uk",
                                              school_id=world["schools"][0], roles=["teacher"]), "Email", "already")
    refused(con, lambda: people.create_person(con, SYSTEM, name="No School", email="ns@x.example.org",
                                              roles=["teacher"]), "School", "teacher belongs to a school")
    refused(con, lambda: people.create_person(con, SYSTEM, name="No Role", email="nr@x.example.org", roles=[]),
            "Roles", "at least one")


def test_member_must_be_a_teacher_of_the_school(con, world):
    refused(con, lambda: teams.add_member(con, SYSTEM, world["team"], world["other_teacher"].id), "Member",
            "not on the staff")
    refused(con, lambda: teams.add_member(con, SYSTEM, world["team"], world["senior_leader"].id), "Member",
            "teacher role")


def test_enquiry_focus_required_and_unknown_groups(con, world):
    refused(con, lambda: enquiries.update_enquiry(con, world["teacher"], world["enquiry"], {"focus": "  "}),
            "Focus", "required")
    refused(con, lambda: enquiries.update_enquiry(con, world["teacher"], world["enquiry"],
                                                  {"focus": "f", "target_groups": ["Martians"]}),
            "Target learner groups", "Martians")


def test_control_characters_are_removed_and_markup_kept_as_text(con, world):
    e = enquiries.update_enquiry(con, world["teacher"], world["enquiry"],
                                 {"focus": "<script>alert(1)</script> **bold**\x00\x07"})
    assert e.focus == "<script>alert(1)</script> **bold**"

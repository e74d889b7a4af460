"""The Action stage: action plans linked to findings, impact reviews, overdue reviews, two
teammates editing one action, a finished year read-only, and withdrawn consent never cited."""

import datetime as dt

import pytest

from research_cycle import actions, checklists, cycles, datasets, evidence, findings, overview, people, teams
from research_cycle.lib import charts, tabular
from research_cycle.lib.charts import CHART_KINDS
from research_cycle.store import permissions
from research_cycle.store.actors import SYSTEM
from research_cycle.store.errors import NotFound, PermissionDenied, ValidationError

PREPOST, BY_GROUP, DISTRIBUTION, COMPARISON = CHART_KINDS
TODAY = dt.date(2026, 11, 22)  # WORKBENCH_TODAY in conftest


def _evidence(con, world, title, **more):
    return evidence.add_evidence(con, world["teacher"], world["enquiry"], {
        "title": title, "kind": "interview", "origin": "our practice", "collected_on": "2026-10-01", **more})


@pytest.fixture
def plan(con, world):
    """An enquiry with two evidence items, a finding resting on both, and one action."""
    w = dict(world)
    w["talk"] = _evidence(con, world, "Pupil interviews about talk partners")
    w["obs"] = _evidence(con, world, "Observation of paired talk", kind="lesson observation")
    w["finding"] = findings.add_finding(con, world["teacher"], world["enquiry"], claim="Paired talk helps EAL pupils",
                                        evidence_ids=[w["talk"], w["obs"]])
    w["action"] = actions.add_action(con, world["teacher"], world["enquiry"], strategy="Talk partners in every class",
                                     finding_ids=[w["finding"]], owner="Tess Teacher", starts_on="2026-11-02",
                                     review_on="2027-01-15", success_criteria="EAL pupils speak more in lessons")
    return w


def test_an_action_is_listed_with_its_findings_and_their_evidence(con, plan):
    listed = actions.list_actions(con, plan["teacher"], plan["enquiry"])
    row = listed.iloc[0]
    assert row["strategy"] == "Talk partners in every class" and row["status"] == "planned"
    assert row["finding_ids"] == [plan["finding"]] and row["findings"] == ["Paired talk helps EAL pupils"]
    assert sorted(row["finding_evidence"][0]) == ["Observation of paired talk", "Pupil interviews about talk partners"]
    assert not row["overdue"] and row["reviews"] == 0
    entry = con.execute("SELECT action FROM change_log WHERE entity = 'action'").fetchall()
    assert entry == [("create",)]


def test_withdrawn_evidence_is_never_shown_behind_a_linked_finding(con, plan):
    evidence.update_evidence(con, plan["teacher"], plan["talk"], {"consent": "withdrawn"})
    row = actions.list_actions(con, plan["teacher"], plan["enquiry"]).iloc[0]
    assert row["finding_evidence"] == [["Observation of paired talk"]]


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"review_on": "2026-10-01"}, "Review date", "before the start (2 Nov 2026)"),
    ({"status": "done", "success_criteria": "  "}, "Success criteria", "before an action is marked done"),
    ({"status": "stopped"}, "Why it stopped", "say why"),
    ({"strategy": "\u200b "}, "Strategy", "is required"),
    ({"owner": ""}, "Owner", "is required"),
    ({"review_on": ""}, "Review date", "is required"),
    ({"starts_on": "31/12/2026"}, "Start", "not a date"),
    ({"status": "abandoned"}, "Status", "not one of"),
    ({"strategy": "word " * 20_000}, "Strategy", "the limit is"),
    ({"finding_ids": list(range(1, 60))}, "Findings", "the limit is 50"),
])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_stored(con, world, changes, field, words):
    values = {"strategy": "Talk partners", "owner": "Tess", "starts_on": "2026-11-02", "review_on": "2027-01-15",
              "success_criteria": "", **changes}
    with pytest.raises(ValidationError) as err:
        actions.add_action(con, world["teacher"], world["enquiry"], **values)
    assert err.value.field == field and words in str(err.value)
    assert con.execute("SELECT count(*) FROM action_item").fetchone()[0] == 0


def test_a_finding_of_another_enquiry_cannot_be_linked(con, plan):
    theirs = findings.add_finding(con, plan["other_teacher"], plan["other_enquiry"], claim="Theirs")
    with pytest.raises(ValidationError, match="belongs to another enquiry"):
        actions.update_action(con, plan["teacher"], plan["action"], finding_ids=[theirs])
    findings.delete_finding(con, plan["teacher"], plan["finding"])
    assert actions.list_actions(con, plan["teacher"], plan["enquiry"]).iloc[0]["findings"] == []


def test_hostile_text_is_kept_as_text_and_control_characters_removed(con, world):
    text = "**Bold** <script>alert(1)</script> 😀 مرحبا\x00\x07 end"
    action_id = actions.add_action(con, world["teacher"], world["enquiry"], strategy=text, owner="Tess",
                                   starts_on="2026-11-02", review_on="2026-12-01")
    assert actions.get_action(con, world["teacher"], action_id)["strategy"] == text.replace("\x00", "").replace("\x07", "")


def test_status_changes_stopping_needs_a_reason_and_done_needs_criteria(con, plan):
    saved = actions.update_action(con, plan["teacher"], plan["action"], status="stopped",
                                  stop_reason="Staffing changed after half term")
    assert saved["status"] == "stopped" and saved["stop_reason"] == "Staffing changed after half term"
    saved = actions.update_action(con, plan["teacher"], plan["action"], status="in progress")
    assert saved["stop_reason"] == ""  # only a stopped action keeps a reason
    with pytest.raises(ValidationError, match="before an action is marked done"):
        actions.update_action(con, plan["teacher"], plan["action"], status="done", success_criteria="")
    assert actions.get_action(con, plan["teacher"], plan["action"])["status"] == "in progress"


def test_two_teammates_editing_one_action_the_later_save_is_refused_not_lost(con, plan):
    second = people.get_person(con, people.create_person(con, SYSTEM, name="Mo Mate", email="mo@brookside.example.sch.uk",
                                                         school_id=plan["schools"][0], roles=["teacher"]))
    teams.add_member(con, SYSTEM, plan["team"], second.id)
    loaded = actions.get_action(con, plan["teacher"], plan["action"])["updated_at"]
    actions.update_action(con, second, plan["action"], owner="Mo Mate", expected_updated_at=loaded)
    with pytest.raises(ValidationError) as err:
        actions.update_action(con, plan["teacher"], plan["action"], owner="Tess again", expected_updated_at=loaded)
    assert err.value.field == "Action" and "saved this action while you were editing" in str(err.value)
    assert actions.get_action(con, plan["teacher"], plan["action"])["owner"] == "Mo Mate"
    fresh = actions.get_action(con, plan["teacher"], plan["action"])["updated_at"]
    actions.update_action(con, plan["teacher"], plan["action"], owner="Tess again", expected_updated_at=fresh)
    assert actions.get_action(con, plan["teacher"], plan["action"])["owner"] == "Tess again"


def test_an_unchanged_save_logs_nothing_and_a_change_logs_before_and_after(con, plan):
    before = con.execute("SELECT count(*) FROM change_log").fetchone()[0]
    actions.update_action(con, plan["teacher"], plan["action"], owner="Tess Teacher")
    assert con.execute("SELECT count(*) FROM change_log").fetchone()[0] == before
    actions.update_action(con, plan["teacher"], plan["action"], review_on=dt.date(2027, 2, 1))
    entry = con.execute("SELECT before, after FROM change_log WHERE entity = 'action' ORDER BY id DESC LIMIT 1").fetchone()
    assert "2027-01-15" in entry[0] and "2027-02-01" in entry[1]


def test_delete_and_restore(con, plan):
    actions.delete_action(con, plan["teacher"], plan["action"])
    assert actions.list_actions(con, plan["teacher"], plan["enquiry"]).empty
    assert list(actions.list_actions(con, plan["teacher"], plan["enquiry"], deleted=True)["id"]) == [plan["action"]]
    with pytest.raises(NotFound, match="restore it first"):
        actions.update_action(con, plan["teacher"], plan["action"], owner="X")
    with pytest.raises(ValidationError, match="already deleted"):
        actions.delete_action(con, plan["teacher"], plan["action"])
    actions.restore_action(con, plan["teacher"], plan["action"])
    assert list(actions.list_actions(con, plan["teacher"], plan["enquiry"])["id"]) == [plan["action"]]
    with pytest.raises(ValidationError, match="nothing to restore"):
        actions.restore_action(con, plan["teacher"], plan["action"])
    assert [r[0] for r in con.execute("SELECT action FROM change_log WHERE entity = 'action' ORDER BY id").fetchall()] == [
        "create", "delete", "restore"]


@pytest.mark.parametrize("role", ["other_teacher", "facilitator", "senior_leader", "administrator"])
def test_only_the_team_writes_its_action_plan(con, plan, role):
    actor = plan[role]
    log = con.execute("SELECT count(*) FROM change_log").fetchone()[0]
    attempts = [
        lambda: actions.add_action(con, actor, plan["enquiry"], strategy="S", owner="O", starts_on="2026-11-02",
                                   review_on="2026-12-02"),
        lambda: actions.update_action(con, actor, plan["action"], owner="Someone else"),
        lambda: actions.delete_action(con, actor, plan["action"]),
        lambda: actions.add_impact_review(con, actor, plan["action"], what_changed="x", for_whom=["EAL"],
                                          reviewed_on="2026-11-20"),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied) as err:
            attempt()
        assert actor.name in str(err.value)
    assert con.execute("SELECT count(*) FROM change_log").fetchone()[0] == log


@pytest.mark.parametrize(("role", "allowed"), [("teacher", True), ("facilitator", True), ("other_teacher", False),
                                               ("senior_leader", False), ("administrator", False)])
def test_the_plan_with_its_evidence_is_read_by_the_team_and_facilitators(con, plan, role, allowed):
    reads = [lambda a: actions.list_actions(con, a, plan["enquiry"]),
             lambda a: actions.get_action(con, a, plan["action"]),
             lambda a: actions.impact_reviews(con, a, plan["action"]),
             lambda a: actions.reviews_for_enquiry(con, a, plan["enquiry"]),
             lambda a: actions.overdue_reviews(con, a, plan["cycle"], team_id=plan["team"])]
    for read in reads:
        if allowed:
            read(plan[role])
        else:
            with pytest.raises(PermissionDenied):
                read(plan[role])
    # What the team did and what changed is for everyone who reads enquiries, without evidence titles.
    summary = actions.plan_summary(con, plan[role], plan["enquiry"])
    assert summary[0]["strategy"] == "Talk partners in every class" and summary[0]["findings"] == [
        "Paired talk helps EAL pupils"]
    with pytest.raises(PermissionDenied):
        actions.plan_summary(con, None, plan["enquiry"])


def test_an_impact_review_records_what_changed_for_whom_and_the_evidence(con, plan):
    review = actions.add_impact_review(
        con, plan["teacher"], plan["action"], what_changed="EAL pupils spoke in every lesson observed",
        for_whom=["Year 3 girls", "english as an additional language", "Year 3 girls", " "],
        evidence_ids=[plan["obs"]], reviewed_on="2026-11-20")
    found = actions.impact_reviews(con, plan["teacher"], plan["action"])
    assert [r["id"] for r in found] == [review]
    assert found[0]["for_whom"] == ["English as an additional language", "Year 3 girls"]  # target groups first
    assert found[0]["evidence"] == ["Observation of paired talk"] and found[0]["reviewed_by"] == "Tess Teacher"
    assert found[0]["left_out"] == 0 and found[0]["chart"] is None
    summary = actions.plan_summary(con, plan["senior_leader"], plan["enquiry"])
    assert summary[0]["impacts"] == [{"reviewed_on": dt.date(2026, 11, 20),
                                      "what_changed": "EAL pupils spoke in every lesson observed",
                                      "for_whom": ["English as an additional language", "Year 3 girls"],
                                      "evidence": 1, "chart": None}]
    assert actions.reviews_for_enquiry(con, plan["facilitator"], plan["enquiry"])[plan["action"]][0]["id"] == review


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"what_changed": ""}, "What changed", "is required"),
    ({"for_whom": []}, "For whom", "at least one group"),
    ({"for_whom": ["  "]}, "For whom", "at least one group"),
    ({"reviewed_on": "2026-10-01"}, "Reviewed on", "before the action started (2 Nov 2026)"),
    ({"reviewed_on": "2026-12-01"}, "Reviewed on", "in the future"),
    ({"chart": PREPOST}, "Comparison", "choose the data set"),
    ({"chart": "Pie chart", "dataset_id": 1}, "Comparison", "not one of"),
])
def test_bad_impact_reviews_are_refused(con, plan, changes, field, words):
    values = {"what_changed": "More talk", "for_whom": ["EAL"], "reviewed_on": "2026-11-20", **changes}
    with pytest.raises(ValidationError) as err:
        actions.add_impact_review(con, plan["teacher"], plan["action"], **values)
    assert err.value.field == field and words in str(err.value)
    assert con.execute("SELECT count(*) FROM impact_review").fetchone()[0] == 0


def test_withdrawn_or_foreign_evidence_cannot_be_cited_and_drops_out_when_withdrawn_later(con, plan):
    withdrawn = _evidence(con, plan, "Parent interviews", consent="withdrawn")
    with pytest.raises(ValidationError, match="withdrew consent"):
        actions.add_impact_review(con, plan["teacher"], plan["action"], what_changed="x", for_whom=["EAL"],
                                  evidence_ids=[withdrawn], reviewed_on="2026-11-20")
    theirs = evidence.add_evidence(con, plan["other_teacher"], plan["other_enquiry"], {
        "title": "Theirs", "kind": "survey", "origin": "our practice"})
    with pytest.raises(ValidationError, match="another enquiry"):
        actions.add_impact_review(con, plan["teacher"], plan["action"], what_changed="x", for_whom=["EAL"],
                                  evidence_ids=[theirs], reviewed_on="2026-11-20")
    assert con.execute("SELECT count(*) FROM impact_review").fetchone()[0] == 0
    actions.add_impact_review(con, plan["teacher"], plan["action"], what_changed="x", for_whom=["EAL"],
                              evidence_ids=[plan["talk"], plan["obs"]], reviewed_on="2026-11-20")
    evidence.update_evidence(con, plan["teacher"], plan["talk"], {"consent": "withdrawn"})
    review = actions.impact_reviews(con, plan["teacher"], plan["action"])[0]
    assert review["evidence"] == ["Observation of paired talk"] and review["left_out"] == 1


CSV = b"pupil,group,pre,post\n" + b"".join(
    f"P{i},{'Talk partners' if i % 2 else 'Comparison'},{10 + i % 7},{13 + i % 5 + (i % 2) * 2}\n".encode()
    for i in range(40))


def _dataset(con, world, item, csv=CSV):
    table = tabular.read_table(csv, "talk.csv")
    return datasets.import_dataset(con, world["teacher"], item, table, name="Talk scores", filename="talk.csv",
                                   roles={"pupil": "pupil_id", "group": "group", "pre": "pre", "post": "post"},
                                   attainment={"post"})


def test_a_review_names_a_data_set_comparison_drawn_through_disclosure_control(con, plan):
    dataset_id = _dataset(con, plan, plan["obs"])
    options = {"group": "group", "intervention": "Talk partners", "compared": "Comparison", "adjust": True}
    actions.add_impact_review(con, plan["teacher"], plan["action"], what_changed="Scores rose", for_whom=["EAL"],
                              dataset_id=dataset_id, chart=COMPARISON, chart_options=options, reviewed_on="2026-11-20")
    review = actions.impact_reviews(con, plan["teacher"], plan["action"])[0]
    assert review["dataset"] == "Talk scores" and review["chart"] == COMPARISON
    assert review["chart_options"] == options
    args = actions.review_chart(con, plan["facilitator"], review)
    assert (args["kind"], args["group"], args["pre"], args["post"], args["attainment"]) == (
        COMPARISON, "group", "pre", "post", True)
    view = charts.build(args.pop("_frame"), args.pop("kind"), **{k: v for k, v in args.items() if k != "dataset_id"})
    assert "Hedges" in " ".join(view.notes) + " ".join(map(str, view.table.columns))
    with pytest.raises(PermissionDenied):
        actions.review_chart(con, plan["senior_leader"], review)
    # A comparison missing a choice is refused naming it.
    with pytest.raises(ValidationError, match="'score' is not a score column"):
        actions.add_impact_review(con, plan["teacher"], plan["action"], what_changed="x", for_whom=["EAL"],
                                  dataset_id=dataset_id, chart=DISTRIBUTION, chart_options={"measure": "score"},
                                  reviewed_on="2026-11-20")
    with pytest.raises(ValidationError, match="intervention"):
        actions.add_impact_review(con, plan["teacher"], plan["action"], what_changed="x", for_whom=["EAL"],
                                  dataset_id=dataset_id, chart=COMPARISON, chart_options={"group": "group"},
                                  reviewed_on="2026-11-20")
    # The data set's consent withdrawn later: the review keeps its words, the chart drops out.
    evidence.update_evidence(con, plan["teacher"], plan["obs"], {"consent": "withdrawn"})
    review = actions.impact_reviews(con, plan["teacher"], plan["action"])[0]
    assert review["dataset_id"] is None and review["chart"] is None and review["left_out"] == 1
    with pytest.raises(ValidationError, match="consent was withdrawn"):
        actions.add_impact_review(con, plan["teacher"], plan["action"], what_changed="x", for_whom=["EAL"],
                                  dataset_id=dataset_id, chart=PREPOST, reviewed_on="2026-11-20")


def test_a_comparison_whose_groups_are_all_too_small_is_kept_and_shows_nothing(con, plan):
    small = b"pupil,group,pre,post\n" + b"".join(f"P{i},{'A' if i < 3 else 'B'},{i},{i + 1}\n".encode() for i in range(6))
    dataset_id = _dataset(con, plan, plan["obs"], small)
    actions.add_impact_review(con, plan["teacher"], plan["action"], what_changed="Small", for_whom=["EAL"],
                              dataset_id=dataset_id, chart=PREPOST, chart_options={"group": "group"},
                              reviewed_on="2026-11-20")
    review = actions.impact_reviews(con, plan["teacher"], plan["action"])[0]
    args = actions.review_chart(con, plan["teacher"], review)
    view = charts.build(args.pop("_frame"), args.pop("kind"), **{k: v for k, v in args.items() if k != "dataset_id"})
    shown = view.table.to_string()
    assert "fewer than 5" in shown and "1.0" not in shown


def test_overdue_reviews(con, plan):
    late = actions.add_action(con, plan["teacher"], plan["enquiry"], strategy="Word walls", owner="Tess",
                              starts_on="2026-09-15", review_on="2026-11-01")
    actions.add_action(con, plan["teacher"], plan["enquiry"], strategy="Stopped one", owner="Tess",
                       starts_on="2026-09-15", review_on="2026-11-01", status="stopped", stop_reason="No time")
    listed = actions.list_actions(con, plan["teacher"], plan["enquiry"]).set_index("id")
    assert listed.loc[late, "overdue"] and not listed.loc[plan["action"], "overdue"]
    assert list(listed.index) == sorted(listed.index, key=lambda i: listed.loc[i, "review_on"])
    overdue = actions.overdue_reviews(con, plan["facilitator"], plan["cycle"])
    assert list(overdue["action_id"]) == [late] and overdue.iloc[0]["school"] == "Brookside Primary"
    assert actions.overdue_by_team(con, plan["facilitator"], plan["cycle"]) == {plan["team"]: 1}
    grid = overview.programme(con, plan["facilitator"], plan["cycle"]).set_index("team_id")["Overdue reviews"]
    assert grid.to_dict() == {plan["team"]: 1, plan["other_team"]: 0}
    with pytest.raises(PermissionDenied):
        actions.overdue_reviews(con, plan["teacher"], plan["cycle"])
    assert len(actions.overdue_reviews(con, plan["teacher"], plan["cycle"], team_id=plan["team"])) == 1
    actions.add_impact_review(con, plan["teacher"], late, what_changed="Used in two classes", for_whom=["EAL"],
                              reviewed_on="2026-11-20")
    assert actions.overdue_reviews(con, plan["facilitator"], plan["cycle"]).empty
    assert not actions.list_actions(con, plan["teacher"], plan["enquiry"]).set_index("id").loc[late, "overdue"]


def test_a_finished_year_is_read_only_and_flags_nothing_overdue(con, world):
    past = cycles.create_cycle(con, SYSTEM, label="2025/26", starts_on="2025-09-01", ends_on="2026-07-31")
    team = teams.create_team(con, SYSTEM, cycle_id=past, school_id=world["schools"][0], name="Brookside 2025/26")
    teams.add_member(con, SYSTEM, team, world["teacher"].id)
    enquiry = teams.get_team(con, team)["enquiry_id"]
    with pytest.raises(PermissionDenied, match="finished"):
        actions.add_action(con, world["teacher"], enquiry, strategy="S", owner="O", starts_on="2026-03-01",
                           review_on="2026-05-01")
    with permissions.recording_history():
        action = actions.add_action(con, world["teacher"], enquiry, strategy="S", owner="O", starts_on="2026-03-01",
                                    review_on="2026-05-01", when=dt.datetime(2026, 3, 1, 16))
    for attempt in (lambda: actions.update_action(con, world["teacher"], action, status="in progress"),
                    lambda: actions.delete_action(con, world["teacher"], action),
                    lambda: actions.add_impact_review(con, world["teacher"], action, what_changed="x",
                                                      for_whom=["EAL"], reviewed_on="2026-06-01")):
        with pytest.raises(PermissionDenied, match="finished on 31 Jul 2026"):
            attempt()
    assert not actions.list_actions(con, world["teacher"], enquiry).iloc[0]["overdue"]
    assert actions.overdue_reviews(con, world["facilitator"], past).empty


def test_the_action_checklist_reads_real_actions_and_reviews(con, world):
    def ticks():
        items = {i.key: i.done for i in checklists.for_team(con, world["teacher"], world["team"]).items}
        return items["action_with_criteria"], items["impact_reviewed"]

    assert ticks() == (False, False)
    action = actions.add_action(con, world["teacher"], world["enquiry"], strategy="S", owner="O",
                                starts_on="2026-11-02", review_on="2026-12-02")
    assert ticks() == (False, False)  # no success criteria yet
    actions.update_action(con, world["teacher"], action, success_criteria="Pupils speak in pairs")
    assert ticks() == (True, False)
    actions.add_impact_review(con, world["teacher"], action, what_changed="x", for_whom=["EAL"], reviewed_on=TODAY)
    assert ticks() == (True, True)
    actions.delete_action(con, world["teacher"], action)
    assert ticks() == (False, False)


def test_belongs_to(con, plan):
    assert actions.belongs_to(con, plan["action"], plan["enquiry"])
    assert not actions.belongs_to(con, plan["action"], plan["other_enquiry"])
    actions.delete_action(con, plan["teacher"], plan["action"])
    assert not actions.belongs_to(con, plan["action"], plan["enquiry"])


def test_a_critique_answer_names_the_new_action_it_led_to(con, plan):
    from research_cycle import critique

    item = critique.add_critique(con, plan["facilitator"], plan["enquiry"], kind="suggestion",
                                 text="Could talk partners work at lunchtime too?")
    theirs = actions.add_action(con, plan["other_teacher"], plan["other_enquiry"], strategy="Theirs", owner="O",
                                starts_on="2026-11-02", review_on="2026-12-02")
    with pytest.raises(ValidationError) as err:
        critique.answer_critique(con, plan["teacher"], item, accepted=True, text="We tried it", action_id=theirs)
    assert err.value.field == "New action"
    assert critique.get_critique(con, plan["teacher"], item)["response"] is None
    critique.answer_critique(con, plan["teacher"], item, accepted=True, text="We tried it", action_id=plan["action"])
    row = critique.for_enquiry(con, plan["teacher"], plan["enquiry"]).set_index("id").loc[item]
    assert row["new_action"] == "Talk partners in every class"
    assert f'"action_id": {plan["action"]}' in con.execute(
        "SELECT after FROM change_log WHERE entity = 'critique' AND action = 'answer'").fetchone()[0]

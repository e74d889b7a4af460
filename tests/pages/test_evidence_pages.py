"""AppTest flows for the evidence stage: add evidence, filter, search, import a data set with
role marking, chart it, create a finding and see the matrix."""

from __future__ import annotations

from helpers import app_as, person_with
from research_cycle import datasets, evidence, findings
from research_cycle.store import db
from research_cycle.store.actors import SYSTEM
from research_cycle.store.formatting import md_escape


def open_page(person, page):
    return app_as(person, page)


def reopen():
    return db.connect(db.db_path())


def test_add_evidence_then_filter_and_search(teacher):
    person, enquiry_id = teacher
    at = open_page(person, "pages/evidence.py")
    before = len(at.dataframe[0].value)
    at.session_state["evidence_view"] = "Add evidence"
    at.run()
    at.text_input(key="evidence_add_title").set_value("Lunchtime observation: who plays with whom")
    at.selectbox(key="evidence_add_kind").set_value("lesson observation")
    at.text_area(key="evidence_add_summary").set_value("Newly arrived pupils played alone near the fence.")
    at.multiselect(key="evidence_add_voices").set_value(["pupils"])
    at.button(key="FormSubmitter:evidence_add-Add to the log").click().run()
    assert not at.exception
    assert any("Added 'Lunchtime observation" in s.value.replace("\\", "") for s in at.success)
    assert at.text_input(key="evidence_add_title").value == ""  # ready for the next item
    at.session_state["evidence_view"] = "Log and search"
    at.run()
    assert len(at.dataframe[0].value) == before + 1

    assert not [m for m in at.multiselect if m.key == "evidence_f_kind"]  # the filters are folded
    at.session_state["evidence_filters_open"] = True
    at.run()
    at.multiselect(key="evidence_f_kind").set_value(["lesson observation"]).run()
    shown = at.dataframe[0].value
    assert set(shown["kind"]) == {"lesson observation"} and "Lunchtime observation: who plays with whom" in set(shown["title"])
    # Folding the box keeps the filter on, and says so; opening it again shows it.
    at.session_state["evidence_filters_open"] = False
    at.run()
    assert set(at.dataframe[0].value["kind"]) == {"lesson observation"}
    assert any(c.value.replace("\\", "").startswith("Filtered: lesson observation") for c in at.caption)
    at.session_state["evidence_filters_open"] = True
    at.run()
    assert at.multiselect(key="evidence_f_kind").value == ["lesson observation"]

    at.text_input(key="evidence_query").set_value("fence").run()
    results = at.dataframe[0].value
    assert results["title"].iloc[0] == "Lunchtime observation: who plays with whom"
    assert "fence" in results["match"].iloc[0]


def test_refused_evidence_keeps_the_form(teacher):
    person, _ = teacher
    at = open_page(person, "pages/evidence.py")
    at.session_state["evidence_view"] = "Add evidence"
    at.run()
    at.text_input(key="evidence_add_title").set_value("   ")
    at.text_area(key="evidence_add_summary").set_value("Something worth keeping")
    at.button(key="FormSubmitter:evidence_add-Add to the log").click().run()
    assert at.error and "Title" in at.error[0].value
    assert at.text_area(key="evidence_add_summary").value == "Something worth keeping"


def test_import_a_data_set_with_roles_and_chart_it(teacher):
    """The import goes with the evidence item the teacher chose (none is pre-chosen), the new data
    set opens after the import, and columns read as words ("Pupil premium", not "pupil_premium")."""
    person, enquiry_id = teacher
    csv = ("pupil,pupil_premium,reading_autumn,reading_summer\n"
           + "".join(f"P{i:02d},{'Yes' if i % 2 else 'No'},{90 + i % 7},{94 + i % 5}\n" for i in range(30))).encode("cp1252")
    con = reopen()
    log = evidence.list_evidence(con, person, enquiry_id)
    con.close()
    chosen_item = int(log["id"].iloc[-1])  # the oldest item, not the newest
    at = open_page(person, "pages/datasets.py")
    assert not at.get("file_uploader")  # folded until opened
    at.session_state["datasets_import_open"] = True
    at.run()
    at.file_uploader(key="datasets_file").set_value(("reading.csv", csv, "text/csv")).run()
    assert not at.exception
    assert at.selectbox(key="datasets_item").value is None  # nothing attached by default
    plan = at.session_state["datasets_plan"]
    assert plan is not None
    at.text_input(key="datasets_name").set_value("Reading, autumn to summer")
    at.button(key="datasets_import").click().run()
    assert at.error and "Attach to evidence item" in at.error[0].value  # refused: no item chosen
    at.selectbox(key="datasets_item").set_value(chosen_item)
    at.button(key="datasets_import").click().run()
    assert any("Imported 'Reading, autumn to summer' (30 rows)" in s.value.replace("\\", "") for s in at.success), [e.value for e in at.error]
    con = reopen()
    dataset_id, evidence_id = con.execute("SELECT max(id), any_value(evidence_id) FROM dataset "
                                          "WHERE name = 'Reading, autumn to summer'").fetchone()
    con.close()
    assert evidence_id == chosen_item
    assert at.selectbox(key="datasets_chosen").value == dataset_id  # the new data set is the one shown
    at.radio(key="datasets_chart").set_value("Pre/post change by group").run()
    assert "Pupil premium" in at.selectbox(key="datasets_group").options
    at.selectbox(key="datasets_group").set_value("Pupil premium").run()
    assert not at.exception, at.exception
    assert at.get("vega_lite_chart"), "the chart is drawn"
    summary = at.table[-1].value  # the figures under the chart: a plain table, being small
    assert summary.columns[0] == "Pupil premium"
    assert len(summary) == 2 and set(summary.iloc[:, 0].astype(str)) == {"Yes", "No"}
    assert not any("reading_autumn" in c.value for c in at.caption)  # notes name "Reading autumn"


def test_finding_and_triangulation_matrix(teacher):
    person, enquiry_id = teacher
    con = reopen()
    items = evidence.list_evidence(con, person, enquiry_id)
    before = len(findings.list_findings(con, person, enquiry_id))
    con.close()
    at = open_page(person, "pages/findings.py")
    at.text_area(key="findings_new_claim").set_value("Pupils talk more when they rehearse with a partner.")
    at.multiselect(key="findings_new_support").set_value([int(items["id"].iloc[0])])
    at.button(key="FormSubmitter:findings_new-Add finding").click().run()
    assert any("Added the finding with 1 supporting item" in s.value.replace("\\", "") for s in at.success)
    matrix = at.dataframe[0].value
    row = matrix[matrix["Finding"] == "Pupils talk more when they rehearse with a partner."].iloc[0]
    assert row["Items"] == 1 and row["Warning"].startswith("Rests on one method")
    assert any("rest" in w.value for w in at.warning)
    con = reopen()
    assert len(findings.list_findings(con, person, enquiry_id)) == before + 1
    con.close()


def test_facilitator_approves_a_proposed_tag(sample_path):
    from research_cycle import codebook

    con = db.connect(sample_path)
    teacher = person_with(con, "teacher", in_team=True)
    facilitator = person_with(con, "facilitator")
    tag_id = codebook.add_tag(con, teacher, "Lunchtimes", "Where play happens")
    con.close()
    at = open_page(facilitator, "pages/evidence.py")
    at.session_state["evidence_codebook_open"] = True  # the codebook is made when its box is opened
    at.run()
    at.selectbox(key="evidence_tag_pick").set_value(tag_id).run()
    form_radio = next(r for r in at.radio if r.label == "Status")
    form_radio.set_value("approved")
    next(b for b in at.button if b.label == "Save tag").click().run()
    assert any("Saved the tag 'Lunchtimes'" in s.value.replace("\\", "") for s in at.success)
    con = reopen()
    assert con.execute("SELECT status FROM codebook_tag WHERE id = ?", [tag_id]).fetchone() == ("approved",)
    con.close()


def test_clinic_published_booked_and_recorded_through_the_pages(sample_path):
    con = db.connect(sample_path)
    teacher = person_with(con, "teacher", in_team=True)
    facilitator = person_with(con, "facilitator")
    con.close()
    at = open_page(facilitator, "pages/clinics.py")
    assert not [t for t in at.text_input if t.key == "clinics_publish_place"]  # folded (slots are published)
    at.session_state["clinics_publishing_open"] = True
    at.run()
    at.text_input(key="clinics_publish_place").set_value("Northvale University, room 2.14")
    at.button(key="FormSubmitter:clinics_publish-Publish slot").click().run()
    assert any("Published a clinic" in s.value.replace("\\", "") for s in at.success), [e.value for e in at.error]

    con = reopen()
    new_slot = con.execute("SELECT max(id) FROM clinic_slot").fetchone()[0]
    con.close()
    at = open_page(teacher, "pages/clinics.py")
    at.selectbox(key="clinics_book_slot").set_value(new_slot)
    at.text_input(key="clinics_book_topic").set_value("Designing pupil interviews")
    at.button(key="FormSubmitter:clinics_book-Book").click().run()
    assert any("Booked the clinic" in s.value.replace("\\", "") for s in at.success), [e.value for e in at.error]
    assert any(b.label == "Calendar invitation (.ics)" for b in at.get("download_button"))

    at = open_page(facilitator, "pages/clinics.py")
    assert at.selectbox(key="clinics_record_pick").options
    con = reopen()
    row = con.execute("SELECT b.topic, s.place FROM clinic_booking b JOIN clinic_slot s ON s.booking_id = b.id "
                      "WHERE s.id = ?", [new_slot]).fetchall()
    con.close()
    assert row == [("Designing pupil interviews", "Northvale University, room 2.14")]


def test_facilitator_moves_one_of_their_slots_from_the_page(sample_path):
    con = db.connect(sample_path)
    facilitator = person_with(con, "facilitator")
    con.close()
    at = open_page(facilitator, "pages/clinics.py")
    at.session_state["clinics_publishing_open"] = True
    at.run()
    at.text_input(key="clinics_publish_place").set_value("Room 1")
    at.button(key="FormSubmitter:clinics_publish-Publish slot").click().run()
    con = reopen()
    slot = con.execute("SELECT max(id) FROM clinic_slot").fetchone()[0]
    con.close()
    assert not [s for s in at.selectbox if s.key == "clinics_own_pick"]  # folded until opened
    at.session_state["clinics_moving_open"] = True
    at.run()
    at.selectbox(key="clinics_own_pick").set_value(slot).run()
    at.text_input(key=f"clinics_move_{slot}_place").set_value("Room 2")
    at.button(key=f"FormSubmitter:clinics_move_{slot}-Save changes to this slot").click().run()
    assert any("Moved the clinic" in s.value.replace("\\", "") for s in at.success), [e.value for e in at.error]
    con = reopen()
    assert con.execute("SELECT place FROM clinic_slot WHERE id = ?", [slot]).fetchone() == ("Room 2",)
    con.close()


def test_facilitator_schedules_a_meeting_and_pairs_teams(sample_path):
    con = db.connect(sample_path)
    facilitator = person_with(con, "facilitator")
    con.close()
    at = open_page(facilitator, "pages/meetings.py")
    assert not [t for t in at.text_input if t.key == "meetings_new_title"]  # folded until opened
    at.session_state["meetings_schedule_open"] = True
    at.run()
    at.text_input(key="meetings_new_title").set_value("Cross-school meeting 2")
    import datetime as dt

    at.date_input(key="meetings_new_date").set_value(dt.date(2027, 3, 11))
    at.button(key="FormSubmitter:meetings_new-Schedule").click().run()
    assert any("Scheduled 'Cross-school meeting 2'" in s.value.replace("\\", "") for s in at.success), [e.value for e in at.error]
    at.button(key="meetings_propose").click().run()
    assert any("Proposed 3 groups" in s.value.replace("\\", "") for s in at.success), [e.value for e in at.error]
    groups = at.dataframe[0].value
    assert groups["Group"].notna().all() and groups["Group"].nunique() == 3
    for _, members in groups.groupby("Group"):
        assert members["School"].nunique() == len(members)


def test_teacher_answers_critique_from_the_page(sample_path):
    from research_cycle import critique

    con = db.connect(sample_path)
    teacher = person_with(con, "teacher", in_team=True)
    facilitator = person_with(con, "facilitator")
    cycle_id = con.execute("SELECT id FROM cycle WHERE label = '2026/27'").fetchone()[0]
    from research_cycle import teams as teams_mod

    enquiry_id = teams_mod.my_teams(con, teacher, cycle_id)[0]["enquiry_id"]
    item = critique.add_critique(con, facilitator, enquiry_id, kind="question", text="How will you know it worked?")
    con.close()
    at = open_page(teacher, "pages/critique.py")
    assert not [t for t in at.text_area if t.key == f"critique_answer_text_{item}"]  # folded until opened
    at.session_state[f"critique_answering_open_{item}"] = True
    at.run()
    at.text_area(key=f"critique_answer_text_{item}").set_value("We added success criteria to our plan")
    at.button(key=f"FormSubmitter:critique_answer_{item}-Save answer").click().run()
    assert any("Saved the answer" in s.value.replace("\\", "") for s in at.success), [e.value for e in at.error]
    con = reopen()
    assert critique.get_critique(con, SYSTEM, item)["response"] == "accepted"
    con.close()


def _meeting_of_every_team(con, title: str, held_on: str) -> tuple:
    """(a facilitator, a new 2026/27 meeting that every team of the cycle attends)."""
    from research_cycle import meetings as meetings_mod

    facilitator = person_with(con, "facilitator")
    cycle_id = con.execute("SELECT id FROM cycle WHERE label = '2026/27'").fetchone()[0]
    team_ids = [r[0] for r in con.execute("SELECT id FROM team WHERE cycle_id = ? ORDER BY id", [cycle_id]).fetchall()]
    return facilitator, meetings_mod.schedule(con, facilitator, cycle_id=cycle_id, title=title, held_on=held_on,
                                              team_ids=team_ids)


def test_run_a_meeting_with_countdown_and_live_feedback(sample_path):
    from research_cycle import meetings as meetings_mod

    con = db.connect(sample_path)
    facilitator, meeting = _meeting_of_every_team(con, "Meeting 1", "2026-11-12")
    con.close()
    at = open_page(facilitator, "pages/meetings.py")
    at.selectbox(key="meetings_pick").set_value(meeting).run()
    assert not [b for b in at.button if b.key == "meetings_run_start"]  # the tab is made only when opened
    at.session_state["meetings_tab"] = "Run the meeting"
    at.run()
    at.button(key="meetings_run_start").click().run()
    assert any(m.value.startswith("**Phase 1 of 5: Presentation**") for m in at.markdown)
    assert any(m.value.startswith("## ") for m in at.markdown)  # the countdown is showing
    at.button(key="meetings_run_next").click().run()
    assert any(m.value.startswith("**Phase 2 of 5") for m in at.markdown)
    at.text_area(key="meetings_capture_text").set_value("Have you asked the pupils who never speak?")
    at.radio(key="meetings_capture_kind").set_value("question")
    at.button(key="FormSubmitter:meetings_capture-Save feedback").click().run()
    assert any("Saved question feedback" in s.value.replace("\\", "") for s in at.success), [e.value for e in at.error]
    con = reopen()
    rows = con.execute("SELECT kind, source, meeting_id, text FROM critique_item WHERE meeting_id = ?", [meeting]).fetchall()
    con.close()
    assert rows == [("question", "meeting", meeting, "Have you asked the pupils who never speak?")]
    assert not at.text_area(key="meetings_capture_text").value  # the form is empty for the next piece

    # Attendance, then feedback named after the critical friend who gave it, not the facilitator.
    present = at.multiselect(key=f"meetings_attendance_{meeting}_who")
    con = reopen()
    people_here = meetings_mod.attendance(con, facilitator, meeting)
    con.close()
    presenting = at.selectbox(key="meetings_presenting").value
    friend = people_here[people_here["team_id"] != presenting].iloc[0]
    present.set_value([int(friend["person_id"])])
    at.button(key=f"FormSubmitter:meetings_attendance_{meeting}-Save attendance").click().run()
    assert any("1 of" in s.value for s in at.success)
    at.selectbox(key="meetings_capture_said_by").set_value(int(friend["person_id"]))
    at.text_area(key="meetings_capture_text").set_value("What did the quiet pupils say?")
    at.button(key="FormSubmitter:meetings_capture-Save feedback").click().run()
    assert any(friend["name"] in s.value.replace("\\", "") for s in at.success), [e.value for e in at.error]
    con = reopen()
    said_by = con.execute("SELECT said_by_person_id FROM critique_item WHERE text = 'What did the quiet pupils say?'"
                          ).fetchone()[0]
    con.close()
    assert said_by == int(friend["person_id"])


def test_a_search_result_says_where_it_is_from_and_opens_the_item(sample_path):
    con = db.connect(sample_path)
    facilitator = person_with(con, "facilitator")
    row = con.execute(
        "SELECT e.id, e.title, e.enquiry_id, s.name AS school, t.name AS team FROM evidence_item e "
        "JOIN enquiry q ON q.id = e.enquiry_id JOIN team t ON t.id = q.team_id JOIN school s ON s.id = t.school_id "
        "JOIN cycle c ON c.id = t.cycle_id WHERE c.label = '2026/27' AND e.deleted_at IS NULL "
        "AND e.consent <> 'withdrawn' ORDER BY e.id DESC LIMIT 1").fetchone()
    con.close()
    at = open_page(facilitator, "pages/evidence.py")
    at.text_input(key="evidence_query").set_value(row[1]).run()
    at.checkbox(key="evidence_all").check().run()
    results = at.dataframe(key="evidence_results").value
    first = results.iloc[0]
    assert first["title"] == row[1] and first["from"] == f"{row[3]} — {row[4]}"
    at.session_state["evidence_results"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    assert not at.exception
    assert at.selectbox(key="evidence_open").value == row[0]
    assert at.selectbox(key="evidence_enquiry").value == row[2]


def test_column_names_in_import_warnings_are_shown_as_text(teacher):
    person, _ = teacher
    name = "![x](http://evil.example/p.png) $x^2$"
    csv = (f'"{name}","{name}",score\n' + "".join(f"a,b,{i}\n" for i in range(8))).encode()
    at = open_page(person, "pages/datasets.py")
    assert not at.get("file_uploader")  # folded until opened
    at.session_state["datasets_import_open"] = True
    at.run()
    at.file_uploader(key="datasets_file").set_value(("odd.csv", csv, "text/csv")).run()
    shown = [w.value for w in at.warning if "More than one column" in w.value]
    assert shown, [w.value for w in at.warning]
    assert md_escape(name) in shown[0] and name not in shown[0]  # escaped: no image, no formula


def test_a_data_set_is_deleted_from_its_page_after_confirming(teacher):
    person, enquiry_id = teacher
    con = reopen()
    stored = datasets.list_datasets(con, person, enquiry_id)
    con.close()
    assert not stored.empty, "the sample gives this team a data set"
    at = open_page(person, "pages/datasets.py")
    chosen = at.selectbox(key="datasets_chosen").value
    at.session_state["datasets_delete_open"] = True
    at.run()
    assert at.button(key=f"datasets_delete_{chosen}").disabled  # not before ticking "Yes, delete"
    at.checkbox(key=f"datasets_delete_sure_{chosen}").check().run()
    at.button(key=f"datasets_delete_{chosen}").click().run()
    assert any("Deleted the data set" in s.value for s in at.success), [e.value for e in at.error]
    con = reopen()
    assert chosen not in set(datasets.list_datasets(con, person, enquiry_id)["id"])
    con.close()


def test_a_finding_is_edited_and_deleted_from_its_page(teacher):
    person, enquiry_id = teacher
    from research_cycle import findings

    con = reopen()
    finding_id = findings.add_finding(con, person, enquiry_id, claim="Paired talk helps some pupils")
    con.close()
    at = open_page(person, "pages/findings.py")
    assert not [s for s in at.selectbox if s.key == "findings_edit_pick"]  # folded until opened
    at.session_state["findings_editing_open"] = True
    at.run()
    at.selectbox(key="findings_edit_pick").set_value(finding_id).run()
    assert at.text_area(key=f"findings_edit_{finding_id}_claim").value == "Paired talk helps some pupils"
    at.text_area(key=f"findings_edit_{finding_id}_claim").set_value("Paired talk helps quiet pupils answer")
    at.button(key=f"FormSubmitter:findings_edit_{finding_id}-Save finding").click().run()
    assert any("Saved the finding" in s.value for s in at.success), [e.value for e in at.error]
    # The form shows what was saved, ready for the next change.
    assert at.text_area(key=f"findings_edit_{finding_id}_claim").value == "Paired talk helps quiet pupils answer"
    con = reopen()
    assert findings.get_finding(con, person, finding_id)["claim"] == "Paired talk helps quiet pupils answer"
    con.close()
    at.button(key=f"findings_delete_{finding_id}").click().run()
    assert any("Deleted the finding" in s.value for s in at.success), [e.value for e in at.error]
    con = reopen()
    assert finding_id not in set(findings.list_findings(con, person, enquiry_id)["id"])
    con.close()


def test_facilitator_swaps_two_teams_and_locks_a_group_from_the_page(sample_path):
    from research_cycle import meetings as meetings_mod

    con = db.connect(sample_path)
    facilitator, meeting = _meeting_of_every_team(con, "Swap check", "2026-12-03")
    meetings_mod.propose_groups(con, facilitator, meeting)
    before = meetings_mod.groups(con, facilitator, meeting).set_index("team_id")["Group"]
    con.close()
    at = open_page(facilitator, "pages/meetings.py")
    at.selectbox(key="meetings_pick").set_value(meeting).run()
    assert not [s for s in at.selectbox if s.key == "meetings_swap_a"]  # folded until opened
    at.session_state["meetings_adjust_open"] = True
    at.run()
    first, second = (int(t) for t in before.index[before != before.iloc[0]][:1].tolist() + [before.index[0]])
    at.selectbox(key="meetings_swap_a").set_value(first)
    at.selectbox(key="meetings_swap_b").set_value(second)
    at.button(key="FormSubmitter:meetings_swap-Swap teams").click().run()
    assert any("Swapped the two teams" in s.value for s in at.success), [e.value for e in at.error]
    at.selectbox(key="meetings_lock_group").set_value(int(before.iloc[0])).run()
    at.button(key="meetings_lock").click().run()
    assert any(f"Group {int(before.iloc[0])} locked" in s.value for s in at.success), [e.value for e in at.error]
    con = reopen()
    after = meetings_mod.groups(con, facilitator, meeting).set_index("team_id")
    con.close()
    assert after.loc[first, "Group"] == before[second] and after.loc[second, "Group"] == before[first]
    assert after.loc[after["Group"] == before.iloc[0], "Locked"].all()

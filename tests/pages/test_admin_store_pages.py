"""Administration under AppTest: importing people from pasted CSV rows (preview, then confirm),
the Backup section's download, and the Retention section's preview and confirmation."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from helpers import app_as, person_with
from research_cycle import people
from research_cycle.store import db
from research_cycle.store.formatting import md_escape


@pytest.fixture
def admin(sample_path):
    con = db.connect(sample_path)
    found = person_with(con, "administrator")
    urn = con.execute("SELECT urn FROM school ORDER BY name LIMIT 1").fetchone()[0]
    con.close()
    return found, urn


def _import_table(at):
    [table] = [d.value for d in at.dataframe if "problem" in d.value.columns]
    return table


def _people_section(admin_person):
    at = app_as(admin_person, "pages/administration.py")
    at.segmented_control(key="admin_section").set_value("People and roles").run()
    return at


def test_pasted_rows_are_previewed_and_added_only_on_confirm(admin, sample_path):
    person, urn = admin
    at = _people_section(person)
    at.text_area(key="admin_people_import_text").set_value(
        f"name,email,school,roles\nPriya Shah,priya.shah@new.example.sch.uk,{urn},teacher\n"
        "Rhiannon Evans,rhiannon.evans@uni.example.ac.uk,,facilitator\n")
    at.button(key="admin_people_import_preview").click().run()
    assert not at.exception
    table = _import_table(at)
    assert list(table["problem"]) == ["ready", "ready"]
    con = db.connect(sample_path)
    assert people.by_email(con, "priya.shah@new.example.sch.uk") is None  # not yet
    con.close()
    at.button(key="admin_people_import_confirm").click().run()
    assert not at.exception and not at.error
    assert any("Added 2 people" in s.value for s in at.success)
    con = db.connect(sample_path)
    assert people.by_email(con, "priya.shah@new.example.sch.uk").roles == ("teacher",)
    assert people.by_email(con, "rhiannon.evans@uni.example.ac.uk").school_id is None
    con.close()


def test_a_file_with_problems_offers_no_confirm(admin, sample_path):
    person, urn = admin
    at = _people_section(person)
    at.text_area(key="admin_people_import_text").set_value(
        f"name,email,school,roles\nPriya Shah,priya.shah@new.example.sch.uk,{urn},teacher\n"
        "Bad Row,not-an-email,,facilitator\n")
    at.button(key="admin_people_import_preview").click().run()
    table = _import_table(at)
    assert table["problem"].iloc[0] == "ready" and "not an email address" in table["problem"].iloc[1]
    assert "1 of 2 rows need correcting" in at.warning[0].value
    assert not [b for b in at.button if b.key == "admin_people_import_confirm"]


def test_the_backup_section_offers_the_whole_store_as_one_file(admin, sample_path):
    person, _ = admin
    at = app_as(person, "pages/administration.py")
    at.segmented_control(key="admin_section").set_value("Backup").run()
    at.button(key="admin_backup_prepare").click().run()
    assert not at.exception and not at.error
    data = at.session_state["admin_backup_file"][1]
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    con = db.connect(sample_path)
    assert manifest["tables"]["evidence_item"]["rows"] == con.execute("SELECT count(*) FROM evidence_item").fetchone()[0]
    con.close()
    assert "restore --from" in "\n".join(m.value for m in [*at.markdown, *at.code])


def test_retention_is_set_previewed_and_applied_with_confirmation(admin, sample_path, monkeypatch):
    person, _ = admin
    con = db.connect(sample_path)
    old = con.execute("SELECT id FROM cycle WHERE label = '2025/26'").fetchone()[0]
    sets_before = con.execute("SELECT count(*) FROM dataset").fetchone()[0]
    con.close()
    at = app_as(person, "pages/administration.py")
    at.segmented_control(key="admin_section").set_value("Retention").run()
    at.selectbox(key="admin_retention_cycle").set_value(old).run()
    at.number_input(key="admin_retention_period_years").set_value(1)
    at.button(key="FormSubmitter:admin_retention_period-Save period").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("Kept until 31 Jul 2027" in i.value for i in at.info)
    assert not [b for b in at.button if b.key == "admin_retention_apply"]

    monkeypatch.setenv("WORKBENCH_TODAY", "2027-08-01")
    at.run()
    apply = at.button(key="admin_retention_apply")
    assert apply.disabled  # not until the administrator ticks that they have checked the lists
    at.checkbox(key="admin_retention_sure").check().run()
    at.button(key="admin_retention_apply").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any(md_escape("Deleted from 2025/26: 6 pupil data sets, 561 data set rows") in s.value for s in at.success), [
        s.value for s in at.success]
    con = db.connect(sample_path)
    assert con.execute("SELECT count(*) FROM dataset").fetchone()[0] == sets_before - 6
    con.close()


@pytest.mark.parametrize("role", ["facilitator", "teacher", "senior_leader"])
def test_every_page_still_runs_on_a_cycle_whose_personal_data_was_deleted(sample_path, monkeypatch, role):
    from research_cycle import retention
    from research_cycle.navigation import screens_for

    monkeypatch.setenv("WORKBENCH_TODAY", "2027-08-01")
    con = db.connect(sample_path)
    admin = person_with(con, "administrator")
    old = con.execute("SELECT id FROM cycle WHERE label = '2025/26'").fetchone()[0]
    retention.set_period(con, admin, old, 1)
    assert retention.apply(con, admin, old)["pupil data sets"] == 6
    who = person_with(con, role) if role != "teacher" else people.get_person(con, con.execute(
        "SELECT min(m.person_id) FROM team_member m JOIN team t ON t.id = m.team_id WHERE t.cycle_id = ?",
        [old]).fetchone()[0])
    con.close()
    at = app_as(who)
    at.run()
    at.sidebar.selectbox(key="cycle_id").set_value(old).run()
    assert not at.exception, at.exception
    for screen in screens_for(who.roles):
        at.switch_page(screen.file).run()
        assert not at.exception, (screen.file, at.exception)
        assert at.title, screen.file

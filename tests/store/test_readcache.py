"""The app's read cache (store/readcache): results of named read queries are kept for the app's
cursors until the next committed write, and nothing a user sees can be older than their last save."""

from __future__ import annotations

import threading

import pytest

from helpers import person_with
from research_cycle import evidence, st_glue, teams
from research_cycle.store import db, readcache
from research_cycle.store.actors import SYSTEM


@pytest.fixture
def app_con(sample_path):
    """The cursor the pages use (enabled for the cache), on a private sample store."""
    readcache.changed()  # nothing from another test's store
    return st_glue.cursor()


def _team_evidence(con):
    teacher = person_with(con, "teacher", in_team=True)
    cycle_id = con.execute("SELECT id FROM cycle WHERE label = '2026/27'").fetchone()[0]
    enquiry_id = teams.my_teams(con, teacher, cycle_id)[0]["enquiry_id"]
    return teacher, enquiry_id


def test_the_second_read_comes_from_the_cache_and_equals_the_first(app_con):
    teacher, enquiry_id = _team_evidence(app_con)
    first = evidence.list_evidence(app_con, teacher, enquiry_id)
    before = readcache.stats()
    again = evidence.list_evidence(app_con, teacher, enquiry_id)
    after = readcache.stats()
    assert after["hits"] > before["hits"] and after["misses"] == before["misses"]
    assert again.equals(first)


def test_a_save_is_seen_by_the_very_next_read(app_con):
    teacher, enquiry_id = _team_evidence(app_con)
    before = evidence.list_evidence(app_con, teacher, enquiry_id)
    evidence.add_evidence(app_con, teacher, enquiry_id, {"title": "Cached? no", "kind": "lesson observation",
                                                         "origin": "our practice", "collected_on": "2026-11-20"})
    after = evidence.list_evidence(app_con, teacher, enquiry_id)
    assert len(after) == len(before) + 1 and "Cached? no" in set(after["title"])


def test_a_save_through_another_cursor_is_seen_too(app_con, sample_path):
    teacher, enquiry_id = _team_evidence(app_con)
    before = len(evidence.list_evidence(app_con, teacher, enquiry_id))
    other = db.connect(sample_path)  # the same database in this process: a command, another thread
    try:
        evidence.add_evidence(other, teacher, enquiry_id, {"title": "From elsewhere", "kind": "lesson observation",
                                                           "origin": "our practice", "collected_on": "2026-11-20"})
    finally:
        other.close()
    assert len(evidence.list_evidence(app_con, teacher, enquiry_id)) == before + 1


def test_changing_what_was_returned_never_changes_the_cache(app_con):
    teacher, enquiry_id = _team_evidence(app_con)
    frame = evidence.list_evidence(app_con, teacher, enquiry_id)
    frame.loc[frame.index[0], "title"] = "scribbled on"
    rows = db.rows(app_con, "people/list_people")
    rows[0]["name"] = "scribbled on"
    assert "scribbled on" not in set(evidence.list_evidence(app_con, teacher, enquiry_id)["title"])
    assert db.rows(app_con, "people/list_people")[0]["name"] != "scribbled on"


def test_cursors_that_were_not_enabled_always_read_the_store(sample_con):
    before = readcache.stats()
    db.rows(sample_con, "people/list_people")
    db.rows(sample_con, "people/list_people")
    assert readcache.stats()["hits"] == before["hits"] and readcache.stats()["misses"] == before["misses"]


def test_a_read_that_overlaps_a_save_is_not_kept(app_con):
    """The rows read while a save commits may be the older ones: they are returned but never kept."""
    readcache.changed()
    real = app_con  # the read below commits a write half-way, as another session's save would

    def read_then_someone_saves():
        out = real.execute(db.sql("people/list_people")).fetchall()
        readcache.changed()
        return out

    readcache.read(app_con, "scalar", "people/list_people", [], read_then_someone_saves)
    assert readcache.stats()["entries"] == 0


def test_reads_inside_a_save_see_the_save_so_far(app_con):
    db.rows(app_con, "people/list_people")  # now cached
    with db.transaction(app_con):
        app_con.execute("UPDATE person SET name = 'Renamed inside' WHERE id = (SELECT min(id) FROM person)")
        inside = {r["name"] for r in db.rows(app_con, "people/list_people")}
    assert "Renamed inside" in inside
    assert "Renamed inside" in {r["name"] for r in db.rows(app_con, "people/list_people")}


def test_files_are_not_held_in_memory(app_con):
    teacher, enquiry_id = _team_evidence(app_con)
    big = b"Notes from the lesson, line after line.\n" * 30_000  # about 1.2 MB
    item = evidence.add_evidence(app_con, teacher, enquiry_id, {
        "title": "Big file", "kind": "document or policy review", "origin": "our practice", "collected_on": "2026-11-20"},
        files=[("notes.txt", big)])
    att = evidence.attachments(app_con, teacher, item)[0]
    before = readcache.stats()["entries"]
    name, _mime, data = evidence.attachment_content(app_con, teacher, att["id"])
    assert data == big and readcache.stats()["entries"] == before


def test_concurrent_readers_and_a_writer_agree_with_the_store(app_con, sample_path):
    teacher, enquiry_id = _team_evidence(app_con)
    errors, start = [], threading.Barrier(3)

    def reader():
        start.wait()
        try:
            for _ in range(30):
                st_glue.cursor()  # this thread's own enabled cursor
                evidence.list_evidence(st_glue.cursor(), teacher, enquiry_id)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    def writer():
        start.wait()
        for n in range(10):
            evidence.add_evidence(st_glue.cursor(), teacher, enquiry_id, {
                "title": f"Overlap {n}", "kind": "lesson observation", "origin": "our practice", "collected_on": "2026-11-20"})

    threads = [threading.Thread(target=f) for f in (reader, reader, writer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    stored = app_con.execute("SELECT count(*) FROM evidence_item WHERE enquiry_id = ? AND deleted_at IS NULL",
                             [enquiry_id]).fetchone()[0]
    assert len(evidence.list_evidence(app_con, teacher, enquiry_id)) == stored
    assert len(evidence.list_evidence(app_con, SYSTEM, enquiry_id)) == stored


def test_the_app_turns_off_streamlits_full_collection_after_every_run():
    """A full garbage collection after each script run held every page switch up by ~100 ms."""
    import tomllib

    from research_cycle.store.db import PROJECT_ROOT

    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False


def test_a_write_ups_drafts_follow_the_records_at_once(app_con):
    """The write-up's records and drafts are kept between switches, never past a save."""
    from research_cycle import findings, writeups

    teacher, enquiry_id = _team_evidence(app_con)
    before = writeups.get_writeup(app_con, teacher, enquiry_id)
    assert writeups.get_writeup(app_con, teacher, enquiry_id).sections == before.sections  # from the cache
    findings.add_finding(app_con, teacher, enquiry_id, claim="Quiet pupils answered more after paired talk")
    after = writeups.get_writeup(app_con, teacher, enquiry_id)
    assert "Quiet pupils answered more after paired talk" in after.sections["findings"].draft
    assert "Quiet pupils answered more after paired talk" not in before.sections["findings"].draft


def test_a_school_page_follows_a_new_finding_at_once(app_con):
    """The school page and its years are kept between switches, never past a save."""
    from research_cycle import cycles, findings, summaries

    teacher, enquiry_id = _team_evidence(app_con)
    head = person_with(app_con, "facilitator")  # reads every school's page
    cycle_id = cycles.current_cycle(app_con)["id"]
    before = summaries.school_summary(app_con, head, teacher.school_id, cycle_id)
    years = summaries.school_history(app_con, head, teacher.school_id)
    assert summaries.school_summary(app_con, head, teacher.school_id, cycle_id).findings.equals(before.findings)
    findings.add_finding(app_con, teacher, enquiry_id, claim="Quiet pupils answered more after paired talk")
    after = summaries.school_summary(app_con, head, teacher.school_id, cycle_id)
    assert "Quiet pupils answered more after paired talk" in set(after.findings["Finding"])
    assert "Quiet pupils answered more after paired talk" not in set(before.findings["Finding"])
    assert summaries.school_history(app_con, head, teacher.school_id)["Findings"].iloc[-1] == years["Findings"].iloc[-1] + 1

"""The store path the pages use (st_glue.cursor): overlapping script runs of one session never
share a cursor, so two readers and a writer at once neither fail nor read each other's results."""

import threading

from helpers import person_with
from research_cycle import enquiries, evidence, st_glue, teams
from research_cycle.store import db
from research_cycle.store.actors import SYSTEM


def test_each_thread_gets_its_own_cursor_and_keeps_it(sample_path):
    seen = {}

    def grab(name):
        first = st_glue.cursor()
        assert st_glue.cursor() is first  # later runs in the same thread reuse it
        seen[name] = first

    threads = [threading.Thread(target=grab, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen["a"] is not seen["b"]


def test_two_readers_and_a_writer_at_once(sample_path):
    con = st_glue.cursor()
    teacher = person_with(con, "teacher", in_team=True)
    cycle_id = con.execute("SELECT id FROM cycle WHERE label = '2026/27'").fetchone()[0]
    enquiry_id = teams.my_teams(con, teacher, cycle_id)[0]["enquiry_id"]
    expected = len(enquiries.list_enquiries(con, SYSTEM, cycle_id))
    before = con.execute("SELECT count(*) FROM evidence_item WHERE enquiry_id = ?", [enquiry_id]).fetchone()[0]
    errors, counts, start = [], [], threading.Barrier(3)

    def reader():
        start.wait()
        try:
            for _ in range(40):
                listing = enquiries.list_enquiries(st_glue.cursor(), SYSTEM, cycle_id)
                counts.append(len(listing))
                evidence.list_evidence(st_glue.cursor(), teacher, enquiry_id)
        except Exception as exc:  # noqa: BLE001 - any failure is the finding
            errors.append(repr(exc))

    def writer():
        start.wait()
        try:
            for n in range(15):
                evidence.add_evidence(st_glue.cursor(), teacher, enquiry_id,
                                      {"title": f"Note {n}", "kind": "reflective journal", "origin": "our practice"})
        except Exception as exc:  # noqa: BLE001
            errors.append(repr(exc))

    threads = [threading.Thread(target=reader), threading.Thread(target=reader), threading.Thread(target=writer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert counts and set(counts) == {expected}
    check = db.connect(db.db_path())
    assert check.execute("SELECT count(*) FROM evidence_item WHERE enquiry_id = ?", [enquiry_id]).fetchone()[0] == before + 15

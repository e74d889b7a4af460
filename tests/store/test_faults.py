"""Faults of the machine, not of the user: a full disk or a read-only store is said plainly, stores
nothing and leaves the app running; the search extension never stops start-up."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from helpers import app_as, person_with
from research_cycle import enquiries, evidence, teams
from research_cycle.store import db
from research_cycle.store.actors import SYSTEM
from research_cycle.store.errors import StoreFault


class FullDisk:
    """A connection whose COMMIT fails as DuckDB does when the disk fills up."""

    def __init__(self, con):
        self._con = con

    def execute(self, sql, *args, **kwargs):
        if sql == "COMMIT":
            raise duckdb.IOException('Could not write file "store.duckdb.wal": No space left on device')
        return self._con.execute(sql, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._con, name)


def test_a_full_disk_is_said_plainly_and_stores_nothing(con, world):
    with pytest.raises(StoreFault, match="disk is full") as err:
        enquiries.update_enquiry(FullDisk(con), world["teacher"], world["enquiry"], {"focus": "Attendance"})
    assert "your text is still in the form" in str(err.value)
    assert enquiries.get_enquiry(con, SYSTEM, world["enquiry"]).focus == ""
    # The connection is usable afterwards (the failed transaction was rolled back).
    enquiries.update_enquiry(con, world["teacher"], world["enquiry"], {"focus": "Attendance"})
    assert enquiries.get_enquiry(con, SYSTEM, world["enquiry"]).focus == "Attendance"


@pytest.fixture
def read_only_store(sample_file, tmp_path, monkeypatch):
    path = tmp_path / "read-only.duckdb"
    shutil.copy(sample_file, path)
    monkeypatch.setenv("WORKBENCH_DB", str(path))
    monkeypatch.setenv("WORKBENCH_READ_ONLY", "1")
    return path


def test_a_read_only_store_reads_and_refuses_saves_plainly(read_only_store):
    con = db.connect(read_only_store)
    teacher = person_with(con, "teacher", in_team=True)
    cycle_id = con.execute("SELECT id FROM cycle WHERE label = '2026/27'").fetchone()[0]
    enquiry_id = teams.my_teams(con, teacher, cycle_id)[0]["enquiry_id"]
    before = len(evidence.list_evidence(con, teacher, enquiry_id))
    with pytest.raises(StoreFault, match="read-only"):
        evidence.add_evidence(con, teacher, enquiry_id, {"title": "Note", "kind": "reflective journal",
                                                          "origin": "our practice"})
    assert len(evidence.list_evidence(con, teacher, enquiry_id)) == before
    con.close()


def test_the_page_says_so_and_keeps_running(read_only_store):
    con = db.connect(read_only_store)
    teacher = person_with(con, "teacher", in_team=True)
    con.close()
    at = app_as(teacher, "pages/evidence.py")
    at.session_state["evidence_view"] = "Add evidence"
    at.run()
    at.text_input(key="evidence_add_title").set_value("Lunchtime observation")
    at.button(key="FormSubmitter:evidence_add-Add to the log").click().run()
    assert not at.exception
    assert at.error and "read-only" in at.error[0].value.replace("\\", "")
    assert at.text_input(key="evidence_add_title").value == "Lunchtime observation"
    at.switch_page("pages/my_enquiry.py").run()  # and the app carries on
    assert not at.exception and at.title[0].value == "My enquiry"


class CannotInstall:
    """A connection in a store folder that cannot be written: INSTALL fails."""

    def __init__(self, con):
        self._con = con

    def install_extension(self, *args, **kwargs):
        raise duckdb.IOException("Failed to create directory: No space left on device")

    def __getattr__(self, name):
        return getattr(self._con, name)


def test_search_extension_loads_even_when_the_folder_is_full(tmp_path):
    raw = duckdb.connect(":memory:", config={"autoinstall_known_extensions": "false",
                                             "autoload_known_extensions": "false",
                                             "extension_directory": str(tmp_path / "empty")})
    db._load_fts(CannotInstall(raw))
    loaded = raw.execute("SELECT loaded FROM duckdb_extensions() WHERE extension_name = 'fts'").fetchone()
    assert loaded == (True,)

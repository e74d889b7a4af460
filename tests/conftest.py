"""Fixtures: an empty in-memory store, the sample alliance, and store files for page tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from helpers import school_fields
from research_cycle import people
from research_cycle.store import db
from research_cycle.store.actors import SYSTEM
from research_cycle.tools import sample

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("WORKBENCH_TODAY", "2026-11-22")  # the sample is 'as of' late November 2026


@pytest.fixture
def con():
    """An empty, migrated in-memory store."""
    connection = db.connect(":memory:")
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def sample_file(tmp_path_factory) -> Path:
    """A store file holding the sample alliance, built once per test session (copy before writing)."""
    path = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    connection = db.connect(path)
    sample.load(connection)
    connection.execute("CHECKPOINT")
    connection.close()
    return path


@pytest.fixture
def sample_con(sample_file, tmp_path):
    """A private, writable copy of the sample alliance."""
    path = tmp_path / "store.duckdb"
    shutil.copy(sample_file, path)
    connection = db.connect(path)
    yield connection
    connection.close()


@pytest.fixture
def sample_path(sample_file, tmp_path, monkeypatch) -> Path:
    """A private copy of the sample store, set as WORKBENCH_DB for the app under test."""
    path = tmp_path / "app.duckdb"
    shutil.copy(sample_file, path)
    monkeypatch.setenv("WORKBENCH_DB", str(path))
    return path


@pytest.fixture
def system():
    return SYSTEM


@pytest.fixture
def world(con):
    """Two schools, one person per role (+ a teacher from the other school), a cycle, a team."""
    from research_cycle import cycles, schools, teams

    a = schools.create_school(con, SYSTEM, **school_fields())
    b = schools.create_school(con, SYSTEM, **school_fields(urn="100002", name="Hillcrest Academy", phase="secondary",
                                                           type="academy (multi-academy trust)", pupils=900))
    ids = {
        "teacher": people.create_person(con, SYSTEM, name="Tess Teacher", email="tess@brookside.example.sch.uk",
                                        school_id=a, roles=["teacher"]),
        "other_teacher": people.create_person(con, SYSTEM, name="Omar Other", email="omar@hillcrest.example.sch.uk",
                                              school_id=b, roles=["teacher"]),
        "facilitator": people.create_person(con, SYSTEM, name="Dr Fay Facilitator", email="fay@uni.example.ac.uk",
                                            roles=["facilitator"]),
        "senior_leader": people.create_person(con, SYSTEM, name="Sam Senior", email="sam@brookside.example.sch.uk",
                                              school_id=a, roles=["senior_leader"]),
        "administrator": people.create_person(con, SYSTEM, name="Ada Admin", email="ada@brookside.example.sch.uk",
                                              school_id=a, roles=["administrator"]),
    }
    cycle = cycles.create_cycle(con, SYSTEM, label="2026/27", starts_on="2026-09-01", ends_on="2027-07-31")
    team = teams.create_team(con, SYSTEM, cycle_id=cycle, school_id=a, name="Brookside research team")
    other_team = teams.create_team(con, SYSTEM, cycle_id=cycle, school_id=b, name="Hillcrest research team")
    teams.add_member(con, SYSTEM, team, ids["teacher"], is_lead=True)
    teams.add_member(con, SYSTEM, other_team, ids["other_teacher"], is_lead=True)
    return {
        "schools": (a, b), "cycle": cycle, "team": team, "other_team": other_team,
        "enquiry": teams.get_team(con, team)["enquiry_id"],
        "other_enquiry": teams.get_team(con, other_team)["enquiry_id"],
        **{role: people.get_person(con, pid) for role, pid in ids.items()},
    }

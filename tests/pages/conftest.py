"""Fixtures shared by the page tests."""

import pytest

from helpers import person_with
from research_cycle import teams
from research_cycle.store import db


@pytest.fixture
def teacher(sample_path):
    """(a teacher in a 2026/27 team of the sample, their team's enquiry id)."""
    con = db.connect(sample_path)
    person = person_with(con, "teacher", in_team=True)
    cycle_id = con.execute("SELECT id FROM cycle WHERE label = '2026/27'").fetchone()[0]
    enquiry_id = teams.my_teams(con, person, cycle_id)[0]["enquiry_id"]
    con.close()
    return person, enquiry_id

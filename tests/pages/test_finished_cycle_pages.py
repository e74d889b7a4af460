"""Pages of a finished cycle (the sample's 2025/26): shown as the year ended, with each team's
outcome, nobody flagged as stuck, and no forms to change anything."""

from __future__ import annotations

import pytest

from helpers import app_as, person_with
from research_cycle.store import db


def texts(at) -> str:
    parts = [e.value for kind in ("title", "subheader", "markdown", "caption", "info", "success", "warning", "error")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


@pytest.fixture
def last_year(sample_path):
    """(cycle id, a facilitator, a teacher in a 2025/26 team) of the sample store."""
    con = db.connect(sample_path)
    cycle_id = con.execute("SELECT id FROM cycle WHERE label = '2025/26'").fetchone()[0]
    teacher_id = con.execute("SELECT m.person_id FROM team_member m JOIN team t ON t.id = m.team_id "
                             "WHERE t.cycle_id = ? ORDER BY m.person_id LIMIT 1", [cycle_id]).fetchone()[0]
    from research_cycle import people

    found = cycle_id, person_with(con, "facilitator"), people.get_person(con, teacher_id)
    con.close()
    return found


def open_in(person, cycle_id: int, page: str):
    at = app_as(person)
    at.session_state["cycle_id"] = cycle_id
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def test_programme_overview_of_a_finished_year(last_year):
    cycle_id, facilitator, _ = last_year
    at = open_in(facilitator, cycle_id, "pages/programme_overview.py")
    assert "2025/26 finished on 31 Jul 2026" in texts(at)
    assert [m.label for m in at.metric][3] == "Teams that finished"
    table = at.dataframe[0].value
    assert "Stuck because" not in table.columns and table["Outcome"].str.match(r"^(Finished|Reached \w+)$").all()


def test_meetings_of_a_finished_year_are_shown_read_only(last_year):
    cycle_id, facilitator, _ = last_year
    at = open_in(facilitator, cycle_id, "pages/meetings.py")
    assert "has finished" in texts(at)
    keys = {b.key for b in at.button}
    assert "meetings_propose" not in keys and "meetings_protocol_save" not in keys and "meetings_run_start" not in keys
    assert not [f for f in at.get("form")]  # no schedule, swap or capture forms
    assert at.dataframe[0].value["Group"].notna().all()  # the groups as they were
    reasons = (at.table[0] if at.table else at.dataframe[1]).value  # a plain table when small
    assert "shared focus" in " ".join(reasons["Why"]) or "no focus words" in " ".join(reasons["Why"])


def test_my_enquiry_and_evidence_of_a_finished_year(last_year):
    cycle_id, _, teacher = last_year
    at = open_in(teacher, cycle_id, "pages/my_enquiry.py")
    page = texts(at)
    assert "How the year ended" in page and "finished on 31 Jul 2026" in page and "Outcome: **" in page
    assert "Coming up" not in page and "▶ now" not in page
    at.switch_page("pages/evidence.py").run()
    assert not at.exception
    assert "has finished" in texts(at)
    assert not at.get("segmented_control")  # no "Add evidence" view: the log is read-only

"""Small builders shared by the tests, and the one way tests open the app under AppTest."""

from streamlit.testing.v1 import AppTest

from research_cycle import people
from research_cycle.store import db
from research_cycle.store.actors import SYSTEM

APP = str(db.PROJECT_ROOT / "app.py")


def app_as(who=None, page: str | None = None, *, timeout: int = 60) -> AppTest:
    """The app under AppTest signed in as ``who`` (a Person, an email, or None for nobody).

    With ``page`` the app is run and switched to that page file, and must not have failed;
    without it the AppTest is returned unrun, for tests that set session state first."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    email = getattr(who, "email", who)
    at.user = {"is_logged_in": True, "email": email, "name": "x"} if email else {"is_logged_in": False}
    if page is not None:
        at.run()
        at.switch_page(page).run()
        assert not at.exception, at.exception
    return at


def school_fields(**overrides) -> dict:
    fields = dict(urn="100001", name="Brookside Primary", phase="primary", type="community (maintained)",
                  pupils=240, pct_pupil_premium=35.5, pct_eal=12.0, pct_send=14.2)
    fields.update(overrides)
    return fields


def person_with(connection, role: str, *, in_team: bool | None = None):
    """The first person (by email) holding a role; for teachers, optionally in a current team or not."""
    for row in people.list_people(connection, SYSTEM).sort_values("email").itertuples():
        if role not in row.roles:
            continue
        if in_team is not None:
            member = connection.execute(
                "SELECT count(*) FROM team_member m JOIN team t ON t.id = m.team_id "
                "JOIN cycle c ON c.id = t.cycle_id WHERE m.person_id = ? AND c.label = '2026/27'", [row.id]
            ).fetchone()[0] > 0
            if member != in_team:
                continue
        return people.get_person(connection, row.id)
    raise LookupError(role)

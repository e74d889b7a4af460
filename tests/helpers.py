"""Small builders shared by the tests."""

from research_cycle import people


def school_fields(**overrides) -> dict:
    fields = dict(urn="100001", name="Brookside Primary", phase="primary", type="community (maintained)",
                  pupils=240, pct_pupil_premium=35.5, pct_eal=12.0, pct_send=14.2)
    fields.update(overrides)
    return fields


def person_with(connection, role: str, *, in_team: bool | None = None):
    """The first person (by email) holding a role; for teachers, optionally in a current team or not."""
    for row in people.list_people(connection).sort_values("email").itertuples():
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

"""Research teams: one per school per cycle, with members; each team has one enquiry."""

from __future__ import annotations

from . import cycles, enquiries, schools
from .people import get_person
from .store import changelog, db, validate
from .store.actors import Person
from .store.errors import NotFound, ValidationError
from .store.permissions import Action, require, require_manage


def list_teams(con, actor: Person, cycle_id: int):
    """Teams of a cycle with school, members and question (DataFrame, by school)."""
    require(con, actor, Action.READ_ENQUIRY)
    return db.frame(con, "teams/list_teams", [cycle_id])


def get_team(con, team_id: int, *, missing_ok: bool = False) -> dict | None:
    found = db.one(con, "teams/get_team", [team_id])
    if found is None and not missing_ok:
        raise NotFound(f"No team with id {team_id}.")
    return found


def members(con, actor: Person, team_id: int) -> list[dict]:
    """The team's members (name, email, lead), for anyone in the alliance who reads enquiries."""
    require(con, actor, Action.READ_ENQUIRY)
    return db.rows(con, "teams/list_members", [team_id])


def my_teams(con, actor: Person, cycle_id: int) -> list[dict]:
    """The teams the actor belongs to in a cycle (usually one; none for the system)."""
    if actor.id is None:
        return []
    return db.rows(con, "teams/teams_for_person", [actor.id, cycle_id])


def create_team(con, actor: Person, *, cycle_id: int, school_id: int, name) -> int:
    """Create a school's team for a cycle, with its (empty) enquiry."""
    require_manage(con, actor, "teams")
    name = validate.text("Team name", name, required=True, limit=validate.SHORT)
    with db.transaction(con):
        if cycles.get_cycle(con, cycle_id, missing_ok=True) is None:
            raise ValidationError("Cycle", "that cycle does not exist; choose one from the list.")
        school = schools.get_school(con, school_id, missing_ok=True)
        if school is None:
            raise ValidationError("School", "that school does not exist; choose one from the list.")
        if db.one(con, "teams/get_team_for_school", [cycle_id, school_id]):
            raise ValidationError(
                "School", f"{school['name']} already has a team in this cycle; a school has one team a year. "
                "Add people to the existing team instead."
            )
        team_id = db.scalar(con, "teams/insert_team", [cycle_id, school_id, name])
        enquiry_id = enquiries.create_for_team(con, team_id)
        changelog.record(con, actor.id, "team", team_id, "create", None,
                         {"cycle_id": cycle_id, "school_id": school_id, "name": name, "enquiry_id": enquiry_id})
    return team_id


def rename_team(con, actor: Person, team_id: int, name) -> None:
    require_manage(con, actor, "teams")
    name = validate.text("Team name", name, required=True, limit=validate.SHORT)
    with db.transaction(con):
        before = get_team(con, team_id)
        con.execute(db.sql("teams/rename_team"), [name, team_id])
        changelog.record(con, actor.id, "team", team_id, "rename", {"name": before["name"]}, {"name": name})


def add_member(con, actor: Person, team_id: int, person_id: int, *, is_lead: bool = False) -> None:
    """Add a teacher of the team's school to the team (or change whether they lead it)."""
    require_manage(con, actor, "teams")
    with db.transaction(con):
        team = get_team(con, team_id)
        person = get_person(con, person_id)
        if not person.has("teacher"):
            raise ValidationError("Member", f"{person.name} does not have the teacher role; give them it first in People.")
        if person.school_id != team["school_id"]:
            raise ValidationError("Member", f"{person.name} is not on the staff of {team['school']}; teams are made of the school's own staff.")
        existing = db.one(con, "teams/get_member", [team_id, person_id])
        if existing:
            con.execute(db.sql("teams/update_member"), [bool(is_lead), team_id, person_id])
        else:
            con.execute(db.sql("teams/insert_member"), [team_id, person_id, bool(is_lead)])
        changelog.record(con, actor.id, "team_member", f"{team_id}:{person_id}",
                         "update" if existing else "create", existing, {"team_id": team_id, "person_id": person_id, "is_lead": bool(is_lead)})


def remove_member(con, actor: Person, team_id: int, person_id: int) -> None:
    require_manage(con, actor, "teams")
    with db.transaction(con):
        existing = db.one(con, "teams/get_member", [team_id, person_id])
        if existing is None:
            raise NotFound("That person is not a member of this team.")
        con.execute(db.sql("teams/delete_member"), [team_id, person_id])
        changelog.record(con, actor.id, "team_member", f"{team_id}:{person_id}", "delete", existing, None)

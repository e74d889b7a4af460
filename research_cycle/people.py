"""People and their roles. A person may hold several roles; the roles drive navigation and
permissions."""

from __future__ import annotations

from . import schools
from .store import changelog, db, validate
from .store.actors import Person
from .store.errors import NotFound, ValidationError
from .store.permissions import require_manage
from .store.vocab import ROLES


def _person(row: dict | None) -> Person | None:
    if row is None:
        return None
    roles = tuple(r for r in ROLES if r in (row.get("roles") or []))
    return Person(row["id"], row["name"], row["email"], row["school_id"], roles)


def get_person(con, person_id: int) -> Person:
    found = _person(db.one(con, "people/get_person", [person_id]))
    if found is None:
        raise NotFound(f"No person with id {person_id}.")
    return found


def by_email(con, email: str) -> Person | None:
    """The active person with this email (case-insensitive), or None."""
    return _person(db.one(con, "people/get_person_by_email", [(email or "").strip().lower()]))


def administrators(con) -> list[str]:
    """The names of the alliance's administrators: whom to ask when a signed-in email is not in
    the alliance (read before anyone is signed in, so it names nothing else)."""
    return [row["name"] for row in db.rows(con, "people/administrators")]


def list_people(con, actor: Person):
    """Everyone with school and roles (DataFrame), for administration."""
    require_manage(con, actor, "people")
    return db.frame(con, "people/list_people")


def demo_representatives(con) -> dict[str, int]:
    """One sample person per role for demo mode's one-click choices (role -> person id): the
    teacher is in a team of the latest cycle; the senior leader is a head teacher (has a school)."""
    return {row["role"]: row["person_id"] for row in db.rows(con, "people/representatives")}


def demo_choices(con):
    """Everyone with school and roles (DataFrame), for the demo chooser: only ever called when
    demo mode is switched on, before anyone is signed in."""
    return db.frame(con, "people/list_people")


def _clean(con, name, email, school_id, roles) -> dict:
    clean = {
        "name": validate.text("Name", name, required=True, limit=validate.SHORT),
        "email": validate.email("Email", email),
        "school_id": int(school_id) if school_id not in (None, "") else None,
        "roles": validate.choices("Roles", roles, ROLES, required=True),
    }
    if clean["school_id"] is not None and schools.get_school(con, clean["school_id"], missing_ok=True) is None:
        raise ValidationError("School", "that school does not exist; choose one from the list.")
    if "teacher" in clean["roles"] and clean["school_id"] is None:
        raise ValidationError("School", "a teacher belongs to a school; choose the school.")
    return clean


def create_person(con, actor: Person, *, name, email, school_id=None, roles=("teacher",)) -> int:
    require_manage(con, actor, "people")
    clean = _clean(con, name, email, school_id, roles)
    with db.transaction(con):
        if db.one(con, "people/get_person_by_email_any", [clean["email"]]):
            raise ValidationError("Email", f"{clean['email']} is already used by someone else; each person needs their own email.")
        person_id = db.scalar(con, "people/insert_person", [clean["name"], clean["email"], clean["school_id"]])
        for role in clean["roles"]:
            con.execute(db.sql("people/insert_role"), [person_id, role])
        changelog.record(con, actor.id, "person", person_id, "create", None, clean)
    return person_id


def update_person(con, actor: Person, person_id: int, *, name, email, school_id=None, roles=()) -> None:
    require_manage(con, actor, "people")
    before = get_person(con, person_id)
    clean = _clean(con, name, email, school_id, roles)
    with db.transaction(con):
        other = db.one(con, "people/get_person_by_email_any", [clean["email"]])
        if other and other["id"] != person_id:
            raise ValidationError("Email", f"{clean['email']} is already used by someone else; each person needs their own email.")
        con.execute(db.sql("people/update_person"), [clean["name"], clean["email"], clean["school_id"], person_id])
        con.execute(db.sql("people/delete_roles"), [person_id])
        for role in clean["roles"]:
            con.execute(db.sql("people/insert_role"), [person_id, role])
        changelog.record(con, actor.id, "person", person_id, "update",
                         {"name": before.name, "email": before.email, "school_id": before.school_id,
                          "roles": list(before.roles)}, clean)

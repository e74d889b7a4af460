"""People and their roles. A person may hold several roles; the roles drive navigation and
permissions."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from . import schools
from .store import changelog, db, validate
from .store.actors import Person
from .store.errors import NotFound, ValidationError
from .store.permissions import require_manage
from .store.vocab import ROLE_LABELS, ROLES


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


# --- Importing people from a CSV (administrators) ---------------------------------------------

IMPORT_COLUMNS = ("name", "email", "school", "roles")
MAX_IMPORT_ROWS = 2000
MAX_IMPORT_BYTES = 1_000_000
# A role may be written as its key or its label, in any case ("Senior leader", "senior_leader").
_ROLE_WORDS = {**{r: r for r in ROLES}, **{label.lower(): r for r, label in ROLE_LABELS.items()},
               "senior leader": "senior_leader", "head teacher": "senior_leader", "headteacher": "senior_leader",
               "admin": "administrator", "facilitator": "facilitator"}


@dataclass
class ImportRow:
    line: int  # the row's line in the file (the header is line 1)
    name: str
    email: str
    school: str  # as written in the file
    roles: str  # as written in the file
    school_id: int | None = None
    school_name: str = ""
    role_keys: list[str] = field(default_factory=list)
    problem: str = ""  # empty when the row can be added


@dataclass
class ImportPreview:
    rows: list[ImportRow]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not any(r.problem for r in self.rows)

    @property
    def problems(self) -> list[ImportRow]:
        return [r for r in self.rows if r.problem]


def _decode_csv(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationError("File", f"is {len(data) / 1e6:.1f} MB; a list of people is far smaller. Check it is "
                              "the right file (name, email, school and roles, one person a row).")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError("File", "is neither UTF-8 nor Windows text. Save it again from your spreadsheet as "
                          "'CSV UTF-8 (Comma delimited)'.")


def _read_csv(text: str) -> list[tuple[int, dict]]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    if not text.strip():
        raise ValidationError("File", "is empty. Paste or upload rows of name, email, school and roles under a "
                              "header line 'name,email,school,roles'.")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    missing = [c for c in IMPORT_COLUMNS if c not in header]
    if missing:
        raise ValidationError("File", f"has no column {', '.join(repr(m) for m in missing)}. The first line must name "
                              "the columns: name,email,school,roles (school: URN or name, empty for university "
                              "staff; roles separated by ';', e.g. 'teacher; senior leader').")
    out = []
    for fields in reader:
        if not any(f.strip() for f in fields):
            continue
        out.append((reader.line_num, {h: (fields[i] if i < len(fields) else "") for i, h in enumerate(header)}))
        if len(out) > MAX_IMPORT_ROWS:
            raise ValidationError("File", f"has more than {MAX_IMPORT_ROWS:,} people; import it in parts.")
    if not out:
        raise ValidationError("File", "has a header but no people under it.")
    return out


def preview_import(con, actor: Person, data: bytes | str) -> ImportPreview:
    """Read a CSV of people (columns name, email, school, roles; school by URN or name, empty for
    university staff; roles separated by ';' as keys or labels) and check every row as the
    one-by-one form would, plus emails repeated in the file or already in the alliance. Stores
    nothing. Raises ValidationError when the file as a whole cannot be read."""
    require_manage(con, actor, "people")
    records = _read_csv(_decode_csv(data))
    by_urn, by_name = {}, {}
    for s in db.rows(con, "people/schools_for_import"):
        by_urn[s["urn"].strip()] = s
        by_name.setdefault(s["name"].strip().lower(), []).append(s)
    taken = {r["email"] for r in db.rows(con, "people/all_emails")}
    seen: dict[str, int] = {}
    rows = []
    for line, rec in records:
        row = ImportRow(line, rec.get("name", "").strip(), rec.get("email", "").strip(), rec.get("school", "").strip(),
                        rec.get("roles", "").strip())
        rows.append(row)
        try:
            _check_row(con, row, by_urn, by_name)
        except ValidationError as exc:
            row.problem = str(exc)
            continue
        if row.email in taken:
            row.problem = f"Email: {row.email} is already in the alliance; change that person under 'Edit a person'."
        elif row.email in seen:
            row.problem = f"Email: {row.email} is also on line {seen[row.email]}; each person needs their own email."
        seen.setdefault(row.email, line)
    return ImportPreview(rows)


def _check_row(con, row: ImportRow, by_urn: dict, by_name: dict) -> None:
    school = row.school
    if school:
        found = by_urn.get(school) or by_name.get(school.lower(), [])
        if isinstance(found, list):
            if len(found) > 1:
                raise ValidationError("School", f"two schools are called '{school}'; give its URN instead.")
            if not found:
                raise ValidationError("School", f"no school has the URN or name '{school}'. Add the school first, "
                                      "or correct the spelling.")
            found = found[0]
        row.school_id, row.school_name = int(found["id"]), found["name"]
    words = [w.strip().lower() for w in row.roles.replace(",", ";").replace("|", ";").split(";") if w.strip()]
    unknown = [w for w in words if w not in _ROLE_WORDS]
    if unknown:
        raise ValidationError("Roles", f"'{unknown[0]}' is not a role; use teacher, facilitator, senior leader "
                              "or administrator (several separated by ';').")
    clean = _clean(con, row.name, row.email, row.school_id, [_ROLE_WORDS[w] for w in words])
    row.name, row.email, row.role_keys = clean["name"], clean["email"], clean["roles"]


def import_people(con, actor: Person, data: bytes | str) -> int:
    """Add everyone in the CSV, all or nothing, in one transaction with one change-log entry per
    person. Refuses the whole file (storing nothing) if any row has a problem, naming the first
    rows and their problems. Returns how many were added."""
    preview = preview_import(con, actor, data)
    if not preview.ok:
        listed = "; ".join(f"line {r.line}: {r.problem}" for r in preview.problems[:3])
        more = len(preview.problems) - 3
        raise ValidationError("File", f"{len(preview.problems)} row(s) need correcting before anyone is added "
                              f"({listed}{f'; and {more} more' if more > 0 else ''}). Nothing was stored.")
    changes = []
    with db.transaction(con):
        taken = {r["email"] for r in db.rows(con, "people/all_emails")}
        for row in preview.rows:
            if row.email in taken:  # added by someone else since the preview
                raise ValidationError("File", f"line {row.line}: {row.email} was added meanwhile. Nothing was "
                                      "stored; preview the file again.")
            person_id = db.scalar(con, "people/insert_person", [row.name, row.email, row.school_id])
            for role in row.role_keys:
                con.execute(db.sql("people/insert_role"), [person_id, role])
            changes.append((person_id, None, {"name": row.name, "email": row.email, "school_id": row.school_id,
                                              "roles": row.role_keys, "imported": True}))
        changelog.record_many(con, actor.id, "person", "create", changes)
    return len(changes)

"""Administrators add people from a CSV: a preview with a problem per row, nothing stored until
the import, and the import all or nothing."""

from __future__ import annotations

import pytest

from research_cycle import people
from research_cycle.store.errors import PermissionDenied, ValidationError

GOOD = ("name,email,school,roles\n"
        "Priya Shah,Priya.Shah@brookside.example.sch.uk,100001,teacher\n"
        "Tom O'Neill,tom.oneill@hillcrest.example.sch.uk,Hillcrest Academy,Teacher; Senior leader\n"
        "Dr Rhiannon Evans,r.evans@uni.example.ac.uk,,University facilitator\n")


def _counts(con):
    return (con.execute("SELECT count(*) FROM person").fetchone()[0],
            con.execute("SELECT count(*) FROM change_log WHERE entity = 'person'").fetchone()[0])


def test_a_clean_file_previews_then_imports_everyone_with_schools_and_roles(con, world):
    admin = world["administrator"]
    before = _counts(con)
    preview = people.preview_import(con, admin, GOOD.encode("utf-8"))
    assert preview.ok and [r.line for r in preview.rows] == [2, 3, 4]
    assert _counts(con) == before  # a preview stores nothing
    assert people.import_people(con, admin, GOOD.encode("utf-8")) == 3
    assert _counts(con) == (before[0] + 3, before[1] + 3)
    priya = people.by_email(con, "priya.shah@brookside.example.sch.uk")
    assert priya.school_id == world["schools"][0] and priya.roles == ("teacher",)
    tom = people.by_email(con, "TOM.ONEILL@hillcrest.example.sch.uk")
    assert tom.school_id == world["schools"][1] and tom.roles == ("teacher", "senior_leader")
    rhiannon = people.by_email(con, "r.evans@uni.example.ac.uk")
    assert rhiannon.school_id is None and rhiannon.roles == ("facilitator",)
    actors = con.execute("SELECT DISTINCT actor_id FROM change_log WHERE entity = 'person' AND after LIKE '%imported%'"
                         ).fetchall()
    assert actors == [(admin.id,)]


def test_every_bad_row_is_named_and_nothing_is_stored(con, world):
    admin = world["administrator"]
    text = ("name;email;school;roles\n"  # Excel in some locales writes semicolons
            "Ann Able;ann@brookside.example.sch.uk;100001;teacher\n"
            ";nobody@brookside.example.sch.uk;100001;teacher\n"
            "Ben Bad;not-an-email;100001;teacher\n"
            "Cat Copy;tess@brookside.example.sch.uk;100001;teacher\n"
            "Dan Double;ann@brookside.example.sch.uk;100001;teacher\n"
            "Eve Elsewhere;eve@x.example.sch.uk;999999;teacher\n"
            "Fay Free;fay@x.example.sch.uk;;teacher\n"
            "Gus Guess;gus@x.example.sch.uk;100001;caretaker\n")
    before = _counts(con)
    preview = people.preview_import(con, admin, text)
    problems = {r.line: r.problem for r in preview.problems}
    assert sorted(problems) == [3, 4, 5, 6, 7, 8, 9]
    assert problems[3].startswith("Name:")
    assert "not an email address" in problems[4]
    assert "already in the alliance" in problems[5]
    assert "also on line 2" in problems[6]
    assert "999999" in problems[7]
    assert "teacher belongs to a school" in problems[8]
    assert "'caretaker' is not a role" in problems[9]
    with pytest.raises(ValidationError, match="7 row"):
        people.import_people(con, admin, text)
    assert _counts(con) == before
    assert people.by_email(con, "ann@brookside.example.sch.uk") is None  # the good row was not stored either


def test_files_that_cannot_be_read_say_what_to_do(con, world):
    admin = world["administrator"]
    with pytest.raises(ValidationError, match="no column 'roles'"):
        people.preview_import(con, admin, "name,email,school\nA,a@b.example.uk,100001\n")
    with pytest.raises(ValidationError, match="is empty"):
        people.preview_import(con, admin, b"")
    with pytest.raises(ValidationError, match="no people"):
        people.preview_import(con, admin, "name,email,school,roles\n\n")
    windows = "name,email,school,roles\nZoë Ångström,zoe@brookside.example.sch.uk,100001,teacher\n".encode("cp1252")
    assert people.preview_import(con, admin, windows).rows[0].name == "Zoë Ångström"


def test_only_administrators_import(con, world):
    for role in ("teacher", "facilitator", "senior_leader"):
        with pytest.raises(PermissionDenied):
            people.preview_import(con, world[role], GOOD)
        with pytest.raises(PermissionDenied):
            people.import_people(con, world[role], GOOD)

import pytest

from research_cycle import checklists, literature
from research_cycle.lib.references import Reference
from research_cycle.store import search
from research_cycle.store.actors import SYSTEM
from research_cycle.store.errors import PermissionDenied, ValidationError

RIS = b"""TY  - RPRT
AU  - Kerr, Kirstin
AU  - Ainscow, Mel
PY  - 2017
TI  - Equity in Education: Time to stop and think
PB  - University of Manchester
ER  - 

TY  - BOOK
AU  - Alexander, Robin
PY  - 2020
TI  - A Dialogic Teaching Companion
PB  - Routledge
ER  - 
"""


def test_import_adds_once_and_reports_what_is_already_there(con, world):
    t, q = world["teacher"], world["enquiry"]
    literature.add_reference(con, t, q, Reference(authors=["Alexander, R."], year=2020, title="A dialogic teaching companion"))
    result = literature.import_file(con, t, q, RIS, "zotero.ris")
    assert result["added"] == 1 and result["already"] == ["'A Dialogic Teaching Companion' is already in the library."]
    assert [r.title for r in literature.references(con, t, q)] == ["A dialogic teaching companion",
                                                                  "Equity in Education: Time to stop and think"]
    again = literature.import_file(con, t, q, RIS, "zotero.ris")
    assert again["added"] == 0 and len(again["already"]) == 2


def test_duplicate_by_hand_is_refused_and_bad_year(con, world):
    t, q = world["teacher"], world["enquiry"]
    literature.add_reference(con, t, q, Reference(title="Working with Parents", year=2021, doi="10.1/x"))
    with pytest.raises(ValidationError, match="already in the library"):
        literature.add_reference(con, t, q, Reference(title="Another title", doi="https://doi.org/10.1/X"))
    with pytest.raises(ValidationError) as err:
        literature.add_reference(con, t, q, Reference(title="Future", year=3001))
    assert err.value.field == "Year"
    with pytest.raises(ValidationError) as err:
        literature.add_reference(con, t, q, Reference(title="  "))
    assert err.value.field == "Title"


def test_notes_are_searchable_and_count_as_wider_research(con, world):
    t, q = world["teacher"], world["enquiry"]
    ref_id = literature.add_reference(con, t, q, Reference(title="Teaching and Learning Toolkit", year=2021,
                                                           authors=["Education Endowment Foundation"]))
    literature.update_notes(con, t, ref_id, key_points="Oral language approaches have high impact",
                            bearing="Supports our talk partners")
    found = search.search(con, SYSTEM, "oral language", [q])
    assert list(found["source"]) == ["literature"] and list(found["source_id"]) == [ref_id]
    evidence_items = [i for i in checklists.for_team(con, SYSTEM, world["team"]).stage_items("Evidence") if i.key == "both_origins"]
    assert evidence_items and not evidence_items[0].done  # no evidence about our own practice yet
    literature.delete_reference(con, t, ref_id)
    assert search.search(con, SYSTEM, "oral language", [q]).empty


def test_only_the_team_changes_the_library(con, world):
    with pytest.raises(PermissionDenied):
        literature.add_reference(con, world["other_teacher"], world["enquiry"], Reference(title="x"))
    with pytest.raises(PermissionDenied):
        literature.import_file(con, world["facilitator"], world["enquiry"], RIS, "a.ris")
    assert con.execute("SELECT count(*) FROM literature").fetchone()[0] == 0

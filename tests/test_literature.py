"""The literature library: importing real reference files (long fields, bad entries, possible
duplicates for the team to confirm, 2,000 entries quickly and without holding other users up),
adding by hand, notes, search, permissions, and the reference list in the alliance's style."""

import datetime as dt
import random
import threading
from pathlib import Path

import pytest

from research_cycle import checklists, evidence, literature, schools
from research_cycle.lib.references import Reference
from research_cycle.store import changelog, db, search
from research_cycle.store.actors import SYSTEM
from research_cycle.store.errors import PermissionDenied, ValidationError
from research_cycle.tools import bench

FIXTURES = Path(__file__).parent / "fixtures" / "references"

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


def count(con) -> int:
    return con.execute("SELECT count(*) FROM literature WHERE deleted_at IS NULL").fetchone()[0]


def test_import_adds_new_ones_and_returns_possible_duplicates_for_the_team(con, world):
    t, q = world["teacher"], world["enquiry"]
    literature.add_reference(con, t, q, Reference(authors=["Alexander, R."], year=2020, title="A dialogic teaching companion"))
    outcome = literature.import_file(con, t, q, RIS, "zotero.ris")
    assert (outcome.filename, outcome.added, outcome.skipped) == ("zotero.ris", 1, [])
    [dup] = outcome.possible_duplicates
    assert dup.message == ("Entry 2 (‘A Dialogic Teaching Companion’) looks like ‘A dialogic teaching companion’ (2020), "
                           "already in the library (same title, year and first author).")
    assert sorted(r.title for r in literature.references(con, t, q)) == ["A dialogic teaching companion",
                                                                        "Equity in Education: Time to stop and think"]
    again = literature.import_file(con, t, q, RIS, "zotero.ris")
    assert again.added == 0 and len(again.possible_duplicates) == 2
    literature.add_references(con, t, q, [dup.reference])  # the team says: a different publication, add it
    assert count(con) == 3


def test_editorials_of_one_year_are_all_imported_and_nothing_grafted(con, world):
    t, q = world["teacher"], world["enquiry"]
    outcome = literature.import_file(con, t, q, (FIXTURES / "editorials.ris").read_bytes(), "editorials.ris")
    assert (outcome.added, outcome.possible_duplicates) == (4, [])
    got = {(r.authors[0] if r.authors else r.source): r.pages for r in literature.references(con, t, q)}
    assert got == {"Smith, Jane": "1–3", "Jones, Ann": "141–142", "Research Papers in Education": "1",
                   "Educational Review": "1"}


def test_long_fields_are_kept_and_a_bad_entry_never_stops_the_good_ones(con, world):
    t, q = world["teacher"], world["enquiry"]
    for name in ("cinahl.ris", "web_of_science.ris", "zotero_long.bib"):
        outcome = literature.import_file(con, t, q, (FIXTURES / name).read_bytes(), name)
        assert outcome.skipped == [], name
    stored = literature.references(con, t, q)
    assert max(len(r.url) for r in stored) > 200 and max(len(r.source) for r in stored) > 200
    assert max(len(r.abstract) for r in stored) > 2000
    too_long = "x" * 2001
    ris = (f"TY  - JOUR\nTI  - {too_long}\nER  - \n\nTY  - JOUR\nTI  - Fine\nUR  - https://example.org/{'p' * 1500}\n"
           "ER  - \n\n@bad\n").encode()
    outcome = literature.import_file(con, t, q, ris, "mixed.ris")
    assert outcome.added == 1
    assert outcome.skipped == [f"Entry 1 (‘{'x' * 59}…’) was not imported: Title is 2,001 characters long; the limit "
                               "is 2,000. Please shorten it."]


def test_import_of_a_broken_bibtex_file_names_each_skipped_entry(con, world):
    outcome = literature.import_file(con, world["teacher"], world["enquiry"], (FIXTURES / "broken.bib").read_bytes(),
                                     "broken.bib")
    assert outcome.added == 3
    assert [s[:35] for s in outcome.skipped] == ["Entry 2 (key ‘Broken2020’) could no"]


def test_web_addresses_get_the_day_they_were_added_unless_the_file_says(con, world):
    t, q = world["teacher"], world["enquiry"]
    literature.import_file(con, t, q, (FIXTURES / "zotero_long.bib").read_bytes(), "zotero_long.bib")
    literature.add_reference(con, t, q, Reference(title="Parents' evenings", url="https://example.org/parents", kind="webpage"))
    got = {r.title: r.accessed for r in literature.references(con, t, q) if r.url}
    assert got["Oracy in the primary classroom: a cluster study of talk partners"] == dt.date(2025, 1, 14)
    assert got["Parents' evenings"] == dt.date(2026, 11, 22)  # WORKBENCH_TODAY in the tests


def test_two_thousand_bibtex_entries_import_in_one_write(con, world):
    """Its speed is measured by ``bench`` (references: import 2,000 BibTeX entries), not here."""
    t, q = world["teacher"], world["enquiry"]
    data = bench._bibtex_library(2000, random.Random(5))
    outcome = literature.import_file(con, t, q, data, "library.bib")
    assert (outcome.added, outcome.skipped, outcome.possible_duplicates) == (2000, [], [])
    assert count(con) == 2000
    assert con.execute("SELECT count(*) FROM change_log WHERE entity = 'literature' AND action = 'create'").fetchone()[0] == 2000
    found = search.search(con, SYSTEM, "metacognition", [q])
    assert len(found) > 0 and set(found["source"]) == {"literature"}


def test_a_long_library_is_listed_a_page_at_a_time_in_author_order(con, world):
    t, q = world["teacher"], world["enquiry"]
    rng = random.Random(2)
    surnames = ["Zephaniah", "Ainscow", "van der Berg", "Müller", "Okafor", "Kerr", "Greany", "Bell"]
    ris = "".join(f"TY  - BOOK\nAU  - {rng.choice(surnames)}, A.\nTI  - Book {n}\nPY  - {2000 + n % 20}\nER  - \n"
                  for n in range(250))
    assert literature.import_file(con, t, q, ris.encode(), "many.ris").added == 250
    pages = [literature.reference_list(con, t, q, page=n) for n in range(3)]
    assert [(p.total, p.page, p.pages, len(p.entries)) for p in pages] == [(250, 0, 3, 100), (250, 1, 3, 100),
                                                                           (250, 2, 3, 50)]
    ids = [e.id for p in pages for e in p.entries]
    assert len(set(ids)) == 250
    firsts = [e.formatted.reference.authors[0] for p in pages for e in p.entries]
    assert firsts[0].startswith("Ainscow") and firsts[-1].startswith("Zephaniah")
    assert firsts == sorted(firsts, key=lambda a: a.replace("ü", "u").casefold())
    assert literature.reference_list(con, t, q, page=99).page == 2


def test_reading_the_file_never_holds_the_write_lock(con, world, monkeypatch):
    """Another user's save goes through while the file is read: the import writes only after."""
    t, q = world["teacher"], world["enquiry"]
    other, other_enquiry = world["other_teacher"], world["other_enquiry"]
    saved = []
    real_parse = literature.parse_file

    def parse_while_someone_saves(data, filename):
        def save():
            cursor = con.cursor()
            saved.append(evidence.add_evidence(cursor, other, other_enquiry, {
                "title": "Learning walk", "kind": "learning walk", "origin": "our practice"}))
            cursor.close()

        thread = threading.Thread(target=save)
        thread.start()
        thread.join(timeout=10)
        assert not thread.is_alive(), "another user's save waited for the import"
        return real_parse(data, filename)

    monkeypatch.setattr(literature, "parse_file", parse_while_someone_saves)
    assert literature.import_file(con, t, q, RIS, "zotero.ris").added == 2
    assert len(saved) == 1


def test_a_bad_reference_in_a_confirmed_batch_adds_none(con, world):
    t, q = world["teacher"], world["enquiry"]
    with pytest.raises(ValidationError) as err:
        literature.add_references(con, t, q, [Reference(title="Fine"), Reference(title=" ")])
    assert err.value.field == "Title" and count(con) == 0


def test_duplicate_by_hand_is_refused_unless_the_team_says_it_is_different(con, world):
    t, q = world["teacher"], world["enquiry"]
    literature.add_reference(con, t, q, Reference(title="Working with Parents", year=2021, doi="10.5555/x"))
    with pytest.raises(ValidationError, match="already in the library") as err:
        literature.add_reference(con, t, q, Reference(title="Another title", doi="https://doi.org/10.5555/X"))
    assert "same DOI" in err.value.message and "Add it even if it looks like a duplicate" in err.value.message
    literature.add_reference(con, t, q, Reference(title="Editorial", year=2019, authors=["Smith, J."]))
    literature.add_reference(con, t, q, Reference(title="Editorial", year=2019, authors=["Jones, A."]))  # another author
    literature.add_reference(con, t, q, Reference(title="Editorial", year=2019, authors=["Smith, J."]), allow_duplicate=True)
    assert count(con) == 4
    with pytest.raises(ValidationError) as err:
        literature.add_reference(con, t, q, Reference(title="Future", year=3001))
    assert err.value.field == "Year"
    with pytest.raises(ValidationError) as err:
        literature.add_reference(con, t, q, Reference(title="  "))
    assert err.value.field == "Title"


def test_reference_list_follows_the_alliance_style(con, world):
    t, q, admin = world["teacher"], world["enquiry"], world["administrator"]
    schools.save_alliance(con, admin, name="Northern Lights TSA")
    literature.import_file(con, t, q, (FIXTURES / "zotero.ris").read_bytes(), "zotero.ris")
    listing = literature.reference_list(con, t, q)
    assert (listing.style, listing.style_name) == ("harvard-cite-them-right", "Cite Them Right (Harvard)")
    assert [e.formatted.citation for e in listing.entries] == [
        "(Education Endowment Foundation, 2021)", "(Greany and Higham, 2018)", "(Kerr and Ainscow, 2017)",
        "(Smith, Patel and Jones, 2019)"]
    assert listing.entries[3].formatted.text.endswith("Available at: https://doi.org/10.5555/jce.2019.0042.")
    assert "(Accessed: 22 November 2026)" in listing.entries[0].formatted.text
    ids = {r["title"]: r["id"] for r in db.rows(con, "literature/list_literature", [q])}
    assert [e.id for e in listing.entries] == [ids[e.formatted.reference.title] for e in listing.entries]
    schools.set_reference_style(con, admin, "apa")
    listing = literature.reference_list(con, t, q)
    assert listing.style_name == "APA 7th edition"
    assert listing.entries[3].formatted.citation == "(Smith et al., 2019)"
    assert listing.entries[1].formatted.text == "Greany, T., & Higham, R. (2018). Hierarchy, Markets and Networks. UCL IOE Press."
    assert changelog.history(con, admin, "alliance", 1)[-1]["after"] == {"reference_style": "apa"}


def test_only_administrators_choose_the_style_and_only_known_styles(con, world):
    schools.save_alliance(con, world["administrator"], name="Northern Lights TSA")
    with pytest.raises(PermissionDenied):
        schools.set_reference_style(con, world["teacher"], "apa")
    with pytest.raises(ValidationError) as err:
        schools.set_reference_style(con, world["administrator"], "chicago")
    assert err.value.field == "Reference style"
    assert schools.reference_style(con) == "harvard-cite-them-right"


def test_notes_are_searchable_and_count_as_wider_research(con, world):
    t, q = world["teacher"], world["enquiry"]
    ref_id = literature.add_reference(con, t, q, Reference(title="Teaching and Learning Toolkit", year=2021,
                                                           authors=["Education Endowment Foundation"]))
    literature.update_notes(con, t, ref_id, key_points="Oral language approaches have high impact",
                            bearing="Supports our talk partners")
    found = search.search(con, SYSTEM, "oral language", [q])
    assert list(found["source"]) == ["literature"] and list(found["source_id"]) == [ref_id]
    evidence_items = [i for i in checklists.for_team(con, SYSTEM, world["team"]).stage_items("Evidence")
                      if i.key == "both_origins"]
    assert evidence_items and not evidence_items[0].done  # no evidence about our own practice yet
    literature.delete_reference(con, t, ref_id)
    assert search.search(con, SYSTEM, "oral language", [q]).empty


def test_only_the_team_changes_the_library(con, world):
    with pytest.raises(PermissionDenied):
        literature.add_reference(con, world["other_teacher"], world["enquiry"], Reference(title="x"))
    with pytest.raises(PermissionDenied):
        literature.import_file(con, world["facilitator"], world["enquiry"], RIS, "a.ris")
    with pytest.raises(PermissionDenied):
        literature.add_references(con, world["other_teacher"], world["enquiry"], [Reference(title="x")])
    assert count(con) == 0

"""Write-ups: drafts assembled only from the enquiry's records, saving sections (a stale save is
refused, naming who saved first), word counts, mark ready / back to draft, who may read and
write, and the write-up and proceedings documents (re-opened with python-docx, converted to PDF
by LibreOffice)."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess

import docx
import pytest
from docx.oxml.ns import qn

from research_cycle import critique, datasets, enquiries, evidence, findings, literature, people, teams, writeups
from research_cycle.lib import tabular
from research_cycle.lib.references import Reference
from research_cycle.store import db
from research_cycle.store.actors import SYSTEM
from research_cycle.store.errors import PermissionDenied, ValidationError
from research_cycle.store.vocab import WRITEUP_SECTIONS


def to_pdf(data: bytes, folder, name: str) -> bytes:
    """Convert .docx bytes to PDF with LibreOffice headless (skipped locally without it, failing on CI)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice is missing: .ci/run installs libreoffice-writer-nogui")
        pytest.skip("LibreOffice (soffice) is not installed")
    (folder / f"{name}.docx").write_bytes(data)
    subprocess.run([soffice, f"-env:UserInstallation=file://{folder / 'lo-profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(folder), str(folder / f"{name}.docx")], check=True, capture_output=True,
                   timeout=180)
    return (folder / f"{name}.pdf").read_bytes()


def _text(data: bytes) -> str:
    """Every paragraph and table cell of a .docx, one per line."""
    opened = docx.Document(io.BytesIO(data))
    cells = [c.text for t in opened.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in opened.paragraphs] + cells)


def _scores(groups: list[str], n: int) -> tabular.Table:
    rows = "".join(f"P{i},{groups[i % len(groups)]},{40 + i % 7},{44 + i % 9}\n" for i in range(n))
    return tabular.read_table(("pupil,group,pre,post\n" + rows).encode(), "scores.csv")


@pytest.fixture
def enquiry(con, world):
    """The Brookside enquiry with a record of every kind, one item whose consent was withdrawn,
    and a data set behind its first finding."""
    t = world["teacher"]
    e = world["enquiry"]
    enquiries.update_enquiry(con, t, e, {
        "focus": "Talk partners in Year 4", "question": "How do talk partners change who speaks?",
        "why_it_matters": "Quiet pupils rarely answer in class.", "context": "A two-form entry primary.",
        "hunch": "Pairs give thinking time.", "target_groups": ["English as an additional language"],
        "year_groups": ["Year 4"], "ethics_plan": "Parents informed; pupils may opt out.", "ethics_agreed": True})
    enquiries.update_enquiry(con, t, e, {"question": "How do talk partners change which pupils speak in class?"},
                             reason="A critical friend asked whom we meant.", prompted_by="Meeting 1")
    observed = evidence.add_evidence(con, t, e, {
        "title": "Lesson observations of paired talk", "kind": "lesson observation", "origin": "our practice",
        "voices": ["teachers"], "participants": "Year 4 class", "participant_count": 28,
        "collected_on": "2026-10-01", "quotes": ["Pupil A: I like saying it to my partner first."]})
    voice = evidence.add_evidence(con, t, e, {
        "title": "Pupil voice survey", "kind": "pupil voice", "origin": "our practice", "voices": ["pupils"],
        "collected_on": "2026-10-08", "quotes": ["It is less scary."]})
    withdrawn = evidence.add_evidence(con, t, e, {
        "title": "Withdrawn family interview", "kind": "interview", "origin": "our practice",
        "voices": ["parents and carers"], "collected_on": "2026-10-09", "consent": "obtained",
        "quotes": ["A quote that must never be printed."]})
    special = evidence.add_evidence(con, t, e, {
        "title": "SEND review notes", "kind": "document or policy review", "origin": "our practice",
        "collected_on": "2026-10-10", "sensitivity": "special category", "summary": "Support plans reviewed.",
        "quotes": ["A special-category detail never quoted."]})
    data = datasets.import_dataset(con, t, observed, _scores(["Talk partners", "Usual teaching"], 24),
                                   name="Reading scores", filename="scores.csv")
    small = datasets.import_dataset(con, t, voice, _scores(["A", "B", "C", "D", "E", "F"], 18),
                                    name="Tiny groups", filename="tiny.csv")
    first = findings.add_finding(con, t, e, claim="Paired talk widened who answers.",
                                 evidence_ids=[observed, voice, withdrawn])
    second = findings.add_finding(con, t, e, claim="Quiet pupils felt safer.", evidence_ids=[special])
    evidence.update_evidence(con, t, withdrawn, {"consent": "withdrawn"})  # after the finding cited it
    literature.add_reference(con, t, e, Reference(authors=["Mercer, Neil"], year=2000, title="Words and Minds",
                                                  kind="book", publisher="Routledge", place="London",
                                                  key_points="Talk is a social mode of thinking.",
                                                  bearing="Why we paired pupils."))
    item = critique.add_critique(con, world["facilitator"], e, kind="question", text="Who chooses the partners?")
    critique.answer_critique(con, t, item, accepted=True, text="We now rotate partners weekly.")
    critique.add_critique(con, world["facilitator"], e, kind="suggestion", text="Ask the pupils too.")
    return {"id": e, "observed": observed, "voice": voice, "withdrawn": withdrawn, "special": special,
            "dataset": data, "small": small, "findings": (first, second)}


def _save_all(con, actor, enquiry_id, *, skip=()):
    current = writeups.get_writeup(con, actor, enquiry_id)
    for key, section in current.sections.items():
        if key not in skip:
            writeups.save_section(con, actor, enquiry_id, key, section.draft or f"Our {section.heading}.",
                                  expected_updated_at=section.updated_at)


# -- drafts -----------------------------------------------------------------------------------


def test_every_section_has_a_draft_made_of_the_records(con, world, enquiry):
    drafts = writeups.drafts(con, world["teacher"], enquiry["id"])
    assert set(drafts) == set(WRITEUP_SECTIONS)
    assert drafts["title"] == "How do talk partners change which pupils speak in class?"
    assert "Our focus: Talk partners in Year 4" in drafts["context"]
    assert "- English as an additional language" in drafts["context"]
    assert "Why it changed: A critical friend asked whom we meant." in drafts["question"]
    assert "What prompted it: Meeting 1" in drafts["question"]
    assert "(Mercer, 2000): Words and Minds. Key points: Talk is a social mode of thinking." in drafts["research"]
    assert "How it bears on our enquiry: Why we paired pupils." in drafts["research"]
    assert "We collected 3 items of evidence" in drafts["methods"]
    assert "Ethics: Parents informed; pupils may opt out. (agreed)" in drafts["methods"]
    assert "Finding 1: Paired talk widened who answers." in drafts["findings"]
    assert "Evidence: E1 Lesson observations of paired talk; E2 Pupil voice survey." in drafts["findings"]
    assert "“Pupil A: I like saying it to my partner first.” (E1)" in drafts["findings"]
    assert "Our answer (accepted): We now rotate partners weekly." in drafts["critique"]
    assert "Not answered yet." in drafts["critique"]
    assert "Critique still to answer: Ask the pupils too." in drafts["limitations"]
    assert "Finding 2 (Quiet pupils felt safer.): rests on one method" in drafts["limitations"]


def test_withdrawn_and_special_category_evidence_stay_out_of_drafts(con, world, enquiry):
    drafts = "\n".join(writeups.drafts(con, world["teacher"], enquiry["id"]).values())
    assert "Withdrawn family interview" not in drafts and "must never be printed" not in drafts
    assert "1 item of evidence is left out because participants withdrew consent." in drafts
    assert "SEND review notes" in drafts  # cited, summarised ...
    assert "special-category detail" not in drafts  # ... never quoted


def test_sample_drafts_trace_to_rows(sample_con):
    """In every sample enquiry, each finding, citation and quote of the drafts is a stored row."""
    enquiry_ids = [r[0] for r in sample_con.execute("SELECT id FROM enquiry ORDER BY id").fetchall()]
    checked = 0
    for enquiry_id in enquiry_ids:
        drafts = writeups.drafts(sample_con, SYSTEM, enquiry_id)
        live = sample_con.execute("SELECT title, quotes FROM evidence_item WHERE enquiry_id = ? AND deleted_at IS NULL "
                                  "AND consent <> 'withdrawn' ORDER BY collected_on, id", [enquiry_id]).fetchall()
        claims = {r[0] for r in sample_con.execute(
            "SELECT claim FROM finding WHERE enquiry_id = ? AND deleted_at IS NULL", [enquiry_id]).fetchall()}
        for claim in re.findall(r"^Finding \d+: (.+)$", drafts["findings"], re.M):
            assert claim in claims
            checked += 1
        for code, title in re.findall(r"\b(E\d+) ([^;\n]+?)(?=;|\.\n|\.$)", drafts["findings"], re.M):
            assert live[int(code[1:]) - 1][0] == title, (code, title)
            checked += 1
        quotes = {q for _, qs in live for q in (qs or [])}
        for quote in re.findall(r"“(.+)” \(E\d+\)", drafts["findings"]):
            assert quote in quotes
            checked += 1
        enquiry = enquiries.get_enquiry(sample_con, SYSTEM, enquiry_id)
        if enquiry.focus:
            assert f"Our focus: {enquiry.focus}" in drafts["context"]
    assert checked > 20


# -- saving ----------------------------------------------------------------------------------


def test_a_save_is_stored_with_who_and_when(con, world, enquiry):
    t = world["teacher"]
    outcome = writeups.save_section(con, t, enquiry["id"], "context", "We are a  two-form\x07 entry school.",
                                    expected_updated_at=None)
    got = writeups.get_writeup(con, t, enquiry["id"])
    section = got.sections["context"]
    assert section.body == "We are a  two-form entry school." and section.text == section.body
    assert section.updated_by == "Tess Teacher" and section.updated_at == outcome.updated_at
    assert outcome.words == 6 and got.status == "draft"
    log = con.execute("SELECT entity, action, after FROM change_log WHERE entity = 'writeup_section'").fetchall()
    assert len(log) == 1 and "two-form entry" in log[0][2]


def test_the_later_of_two_saves_is_refused_naming_who_saved_first(con, world, enquiry):
    t = world["teacher"]
    mate_id = people.create_person(con, SYSTEM, name="Mo Mate", email="mo@brookside.example.sch.uk",
                                   school_id=world["schools"][0], roles=["teacher"])
    teams.add_member(con, SYSTEM, world["team"], mate_id)
    mate = people.get_person(con, mate_id)
    loaded = writeups.get_writeup(con, t, enquiry["id"]).sections["findings"].updated_at
    writeups.save_section(con, t, enquiry["id"], "findings", "Tess's version.", expected_updated_at=loaded)
    with pytest.raises(ValidationError, match="Tess Teacher saved this section at") as err:
        writeups.save_section(con, mate, enquiry["id"], "findings", "Mo's version.", expected_updated_at=loaded)
    assert "your text is still in the form" in str(err.value)
    assert writeups.get_writeup(con, t, enquiry["id"]).sections["findings"].body == "Tess's version."
    # Saving again from the version now stored works.
    current = writeups.get_writeup(con, t, enquiry["id"]).sections["findings"].updated_at
    writeups.save_section(con, mate, enquiry["id"], "findings", "Combined version.", expected_updated_at=current)
    assert writeups.get_writeup(con, t, enquiry["id"]).sections["findings"].body == "Combined version."


def test_word_counts_and_limits(con, world, enquiry):
    t = world["teacher"]
    assert writeups.word_count("Pupils' talk — a well-known idea, isn't it?") == 7
    long_abstract = " ".join(["word"] * 230)
    outcome = writeups.save_section(con, t, enquiry["id"], "abstract", long_abstract, expected_updated_at=None)
    assert outcome.words == 230
    assert outcome.warnings == ["The abstract has 230 words; the limit is 200. It is saved, but the write-up cannot "
                                "be marked ready until it is 30 words shorter."]
    with pytest.raises(ValidationError, match="has 20,000 words; a section can have at most 5,000"):
        writeups.save_section(con, t, enquiry["id"], "findings", "talk " * 20_000, expected_updated_at=None)
    assert writeups.get_writeup(con, t, enquiry["id"]).sections["findings"].body is None
    with pytest.raises(ValidationError, match="the limit is 200"):
        writeups.save_section(con, t, enquiry["id"], "title", "T" * 201, expected_updated_at=None)
    with pytest.raises(ValidationError, match="not a section"):
        writeups.save_section(con, t, enquiry["id"], "appendix", "x", expected_updated_at=None)


def test_ready_is_refused_naming_the_empty_sections(con, world, enquiry):
    t = world["teacher"]
    _save_all(con, t, enquiry["id"], skip=("critique", "limitations"))
    with pytest.raises(ValidationError, match="‘6 Critique’, ‘8 Limitations and next steps’ are empty"):
        writeups.mark_ready(con, t, enquiry["id"])
    writeups.save_section(con, t, enquiry["id"], "critique", "We answered every item.", expected_updated_at=None)
    writeups.save_section(con, t, enquiry["id"], "limitations", "   ", expected_updated_at=None)
    with pytest.raises(ValidationError, match="‘8 Limitations and next steps’ is empty"):
        writeups.mark_ready(con, t, enquiry["id"])
    version = writeups.get_writeup(con, t, enquiry["id"]).sections["limitations"].updated_at
    writeups.save_section(con, t, enquiry["id"], "limitations", "One class only.", expected_updated_at=version)
    writeups.mark_ready(con, t, enquiry["id"])
    got = writeups.get_writeup(con, t, enquiry["id"])
    assert got.status == "ready" and got.ready_at is not None and writeups.is_ready(con, enquiry["id"])
    with pytest.raises(ValidationError, match="marked ready, so it is not changed"):
        writeups.save_section(con, t, enquiry["id"], "limitations", "Changed", expected_updated_at=got.sections[
            "limitations"].updated_at)
    writeups.back_to_draft(con, t, enquiry["id"])
    assert writeups.get_writeup(con, t, enquiry["id"]).status == "draft"
    with pytest.raises(ValidationError, match="already a draft"):
        writeups.back_to_draft(con, t, enquiry["id"])


def test_ready_is_refused_while_the_abstract_is_too_long(con, world, enquiry):
    t = world["teacher"]
    _save_all(con, t, enquiry["id"], skip=("abstract",))
    writeups.save_section(con, t, enquiry["id"], "abstract", "word " * 201, expected_updated_at=None)
    with pytest.raises(ValidationError, match="Abstract: has 201 words; the limit is 200. Shorten it by 1 words"):
        writeups.mark_ready(con, t, enquiry["id"])
    assert writeups.get_writeup(con, t, enquiry["id"]).status == "draft"


# -- permissions -----------------------------------------------------------------------------


def test_only_the_teams_teachers_write(con, world, enquiry):
    for role in ("other_teacher", "facilitator", "senior_leader", "administrator"):
        with pytest.raises(PermissionDenied, match=world[role].name):
            writeups.save_section(con, world[role], enquiry["id"], "title", "Ours now", expected_updated_at=None)
    assert con.execute("SELECT count(*) FROM writeup_section").fetchone()[0] == 0
    assert writeups.get_writeup(con, world["teacher"], enquiry["id"]).editable
    assert not writeups.get_writeup(con, world["facilitator"], enquiry["id"]).editable


def test_who_reads_a_draft_and_a_ready_write_up(con, world, enquiry):
    t = world["teacher"]
    for role in ("teacher", "facilitator"):
        assert writeups.get_writeup(con, world[role], enquiry["id"]).status == "not started"
    for role in ("other_teacher", "senior_leader", "administrator"):
        with pytest.raises(PermissionDenied, match=world[role].name):
            writeups.get_writeup(con, world[role], enquiry["id"])
        with pytest.raises(PermissionDenied):
            writeups.document(con, world[role], enquiry["id"])
    _save_all(con, t, enquiry["id"])
    writeups.mark_ready(con, t, enquiry["id"])
    read = writeups.get_writeup(con, world["senior_leader"], enquiry["id"])
    assert read.status == "ready" and read.sections["findings"].text == read.sections["findings"].body
    assert not any(s.draft for s in read.sections.values())  # drafts quote raw evidence: not for them
    assert any(s.draft for s in writeups.get_writeup(con, world["facilitator"], enquiry["id"]).sections.values())
    assert writeups.document(con, world["senior_leader"], enquiry["id"]).startswith(b"PK")
    for role in ("other_teacher", "administrator"):
        with pytest.raises(PermissionDenied):
            writeups.get_writeup(con, world[role], enquiry["id"])
    listed = writeups.list_for_cycle(con, world["senior_leader"], world["cycle"])
    assert list(listed["enquiry_id"]) == [enquiry["id"]]
    assert len(writeups.list_for_cycle(con, world["facilitator"], world["cycle"])) == 2
    with pytest.raises(PermissionDenied):
        writeups.list_for_cycle(con, world["other_teacher"], world["cycle"])


def test_a_finished_cycle_is_read_only(con, world, enquiry, monkeypatch):
    monkeypatch.setenv("WORKBENCH_TODAY", "2027-08-15")
    with pytest.raises(PermissionDenied, match="finished on 31 Jul 2027"):
        writeups.save_section(con, world["teacher"], enquiry["id"], "title", "Late", expected_updated_at=None)
    got = writeups.get_writeup(con, world["teacher"], enquiry["id"])
    assert not got.editable and got.sections["title"].body is None


# -- documents -------------------------------------------------------------------------------


def test_the_document_has_headings_tables_charts_and_references(con, world, enquiry):
    t = world["teacher"]
    writeups.save_section(con, t, enquiry["id"], "findings", "Pairs helped.\n\n- More hands went up.",
                          expected_updated_at=None)
    data = writeups.document(con, t, enquiry["id"])
    opened = docx.Document(io.BytesIO(data))
    headings = [p.text for p in opened.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Abstract", *list(WRITEUP_SECTIONS.values())[2:], "References"]
    assert opened.paragraphs[0].style.name == "Title"
    assert opened.paragraphs[0].text == "How do talk partners change which pupils speak in class?"
    assert any("TOC" in (i.text or "") for i in opened.element.body.iter(qn("w:instrText")))
    text = _text(data)
    assert "Pairs helped." in text and "More hands went up." in text  # the saved text ...
    assert "Draft assembled from our records; not yet rewritten by the team." in text  # ... and drafts, marked
    assert "Mercer, N. (2000) Words and Minds. London: Routledge." in text
    assert "E1 Lesson observations of paired talk; E2 Pupil voice survey" in text  # each finding's evidence
    tables = [[c.text for c in t.rows[0].cells] for t in opened.tables]
    assert ["Kind", "Items", "Our practice", "Wider research", "Voice: pupils", "Voice: teachers"] in tables
    assert ["Finding", "Evidence cited", "Triangulation"] in tables
    (shape,) = opened.inline_shapes  # the reading chart; the tiny groups' chart shows no figures
    alt = shape._inline.docPr.get("descr")
    assert alt.startswith("Reading scores (E1), behind finding 1. Pre/post change by group. group Talk partners, "
                          "pupils 12, mean pre ")
    assert "group Usual teaching, pupils 12" in alt
    assert "No figures are shown: every group has fewer than 5 pupils (disclosure control)." in text
    assert "Withdrawn family interview" not in text and "must never be printed" not in text
    assert "special-category detail" not in text
    assert not re.search(r"\bP\d+\b", text)  # no pupil identifier of the data sets


def test_hostile_text_makes_a_valid_document(con, world, enquiry):
    t = world["teacher"]
    hostile = "<w:p>&amp; **bold** 😀 مرحبا \u202eevil\u202c \x00\x0b end"
    writeups.save_section(con, t, enquiry["id"], "critique", hostile, expected_updated_at=None)
    writeups.save_section(con, t, enquiry["id"], "title", hostile, expected_updated_at=None)
    text = _text(writeups.document(con, t, enquiry["id"]))
    assert "<w:p>&amp; **bold** 😀 مرحبا \u202eevil\u202c  end" in text


def test_proceedings_hold_the_ready_write_ups_after_an_overview(sample_con):
    enquiry_ids = [r[0] for r in sample_con.execute(
        "SELECT e.id FROM enquiry e JOIN team t ON t.id = e.team_id JOIN cycle c ON c.id = t.cycle_id "
        "WHERE c.label = '2025/26' ORDER BY e.id").fetchall()]
    ready, left = enquiry_ids[:2], enquiry_ids[2]
    with db.transaction(sample_con):
        from research_cycle.store import permissions
        with permissions.recording_history():
            for enquiry_id in enquiry_ids:  # the sample's finished year comes with its write-ups ready
                if writeups.is_ready(sample_con, enquiry_id):
                    writeups.back_to_draft(sample_con, SYSTEM, enquiry_id)
            for enquiry_id in ready:
                _save_all(sample_con, SYSTEM, enquiry_id)
                writeups.mark_ready(sample_con, SYSTEM, enquiry_id)
    cycle_id = sample_con.execute("SELECT id FROM cycle WHERE label = '2025/26'").fetchone()[0]
    seen = []
    data = writeups.proceedings(sample_con, SYSTEM, cycle_id, progress=lambda done, total, what: seen.append(done))
    opened = docx.Document(io.BytesIO(data))
    titles = [writeups.get_writeup(sample_con, SYSTEM, e).title for e in ready]
    headings = [p.text for p in opened.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["The alliance this year", *titles]
    assert writeups.get_writeup(sample_con, SYSTEM, left).title not in headings
    assert [p.text for p in opened.paragraphs if p.style.name == "Heading 2"][:2] == ["Abstract", "1 Context and focus"]
    overview = opened.tables[0]
    assert [c.text for c in overview.rows[0].cells] == ["School", "Team", "Focus", "Themes", "Target groups",
                                                        "How far it got", "Write-up"]
    assert any(c.text for r in overview.rows[1:] for c in r.cells[3:4])  # the sample tags its evidence
    assert len(overview.rows) == len(enquiry_ids) + 1
    assert seen == [0, 1, 2]


def test_proceedings_are_for_facilitators_and_senior_leaders(con, world):
    for role in ("facilitator", "senior_leader"):
        assert writeups.proceedings(con, world[role], world["cycle"]).startswith(b"PK")
    for role in ("teacher", "other_teacher", "administrator"):
        with pytest.raises(PermissionDenied, match=world[role].name):
            writeups.proceedings(con, world[role], world["cycle"])


def test_libreoffice_opens_a_sample_write_up_and_its_first_page_renders(sample_con, tmp_path):
    enquiry_id = sample_con.execute("SELECT e.id FROM enquiry e JOIN evidence_item i ON i.enquiry_id = e.id "
                                    "JOIN dataset d ON d.evidence_id = i.id ORDER BY e.id LIMIT 1").fetchone()[0]
    pdf = to_pdf(writeups.document(sample_con, SYSTEM, enquiry_id), tmp_path, "write-up")
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "3", str(tmp_path / "write-up.pdf"),
                        str(tmp_path / "page")], check=True, timeout=120)
        pages = sorted(tmp_path.glob("page-*.png"))
        assert len(pages) == 3 and all(p.read_bytes().startswith(b"\x89PNG") for p in pages)
    if not writeups.is_ready(sample_con, enquiry_id):  # the sample's finished year has its write-ups ready
        _save_all(sample_con, SYSTEM, enquiry_id)
        writeups.mark_ready(sample_con, SYSTEM, enquiry_id)
    cycle_id = sample_con.execute("SELECT t.cycle_id FROM enquiry e JOIN team t ON t.id = e.team_id WHERE e.id = ?",
                                  [enquiry_id]).fetchone()[0]
    assert to_pdf(writeups.proceedings(sample_con, SYSTEM, cycle_id), tmp_path, "proceedings").startswith(b"%PDF")


def test_the_command_line_exports_a_write_up_and_the_proceedings(sample_path, tmp_path, capsys):
    from research_cycle.__main__ import main

    target = tmp_path / "write-up.docx"
    assert main(["export", "writeup", "--enquiry", "1", "--to", str(target), "--db", str(sample_path)]) == 0
    opened = docx.Document(io.BytesIO(target.read_bytes()))
    assert [p.text for p in opened.paragraphs if p.style.name == "Heading 1"][-1] == "References"
    assert main(["export", "proceedings", "--cycle", "2025/26", "--to", str(tmp_path / "p.docx"),
                 "--db", str(sample_path)]) == 0
    assert "The alliance this year" in _text((tmp_path / "p.docx").read_bytes())
    assert main(["export", "writeup", "--enquiry", "999", "--to", str(tmp_path / "x.docx"),
                 "--db", str(sample_path)]) == 1
    assert "No enquiry with id 999." in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()


def test_the_conference_checklist_ticks_a_ready_write_up(con, world, enquiry):
    from research_cycle import checklists

    def ticked():
        items = checklists.for_team(con, world["facilitator"], world["team"]).stage_items("Conference")
        return next(i.done for i in items if i.key == "writeup_complete")

    t = world["teacher"]
    _save_all(con, t, enquiry["id"])
    assert not ticked()  # every section saved, but not marked ready
    writeups.mark_ready(con, t, enquiry["id"])
    assert ticked()
    writeups.back_to_draft(con, t, enquiry["id"])
    assert not ticked()


def test_an_impact_reviews_comparison_is_drawn_under_actions(con, world, enquiry):
    from research_cycle import actions

    t = world["teacher"]
    data = datasets.import_dataset(con, t, enquiry["voice"], _scores(["Intervention", "Comparison"], 30),
                                   name="Trial scores", filename="trial.csv")
    action = actions.add_action(con, t, enquiry["id"], strategy="Talk partners in every Year 4 lesson",
                                finding_ids=[enquiry["findings"][0]], owner="Tess", starts_on="2026-09-07",
                                review_on="2026-11-20", success_criteria="More pupils answer")
    actions.add_impact_review(con, t, action, what_changed="More pupils answered.", for_whom=["Boys"],
                              evidence_ids=[enquiry["voice"]], dataset_id=data, chart="Intervention vs comparison",
                              chart_options={"group": "group", "intervention": "Intervention", "compared": "Comparison",
                                             "measure": "post"}, reviewed_on="2026-11-20")
    drafts = writeups.drafts(con, t, enquiry["id"])
    assert ("Talk partners in every Year 4 lesson (planned; led by Tess; from 7 Sep 2026, review 20 Nov 2026)"
            in drafts["actions"])
    assert "Impact (20 Nov 2026): More pupils answered. For: Boys. Evidence: E2." in drafts["actions"]
    opened = docx.Document(io.BytesIO(writeups.document(con, t, enquiry["id"])))
    alts = [s._inline.docPr.get("descr") for s in opened.inline_shapes]
    impact = [a for a in alts if "impact reviewed 20 Nov 2026" in a]
    assert len(impact) == 1 and "Intervention vs comparison" in impact[0] and "Hedges" in impact[0]
    assert any(p.text.startswith("Hedges' g = ") for p in opened.paragraphs), "the effect size is printed as text"
    captions = [p.text for p in opened.paragraphs if p.style.name == "Caption"]
    headings = [p.text for p in opened.paragraphs if p.style.name.startswith("Heading")]
    where = [p.text for p in opened.paragraphs if p.style.name == "Heading 1" or p.text in captions]
    assert where.index(next(c for c in captions if "impact reviewed" in c)) > where.index("7 Actions and impact")
    assert headings[-1] == "References"


def test_two_teammates_saving_every_section_at_once_lose_nothing(con, world):
    """Both start from the same (unsaved) sections and save all of them at the same time, each in
    its own thread: every section holds exactly one of the two texts, and every refused save names
    the teammate who saved first."""
    import threading

    mate_id = people.create_person(con, SYSTEM, name="Mo Mate", email="mo@brookside.example.sch.uk",
                                   school_id=world["schools"][0], roles=["teacher"])
    teams.add_member(con, SYSTEM, world["team"], mate_id)
    writers = {"Tess Teacher": world["teacher"], "Mo Mate": people.get_person(con, mate_id)}
    outcomes: dict[str, dict[str, str]] = {name: {} for name in writers}
    start = threading.Barrier(len(writers))

    def write(name, actor):
        cursor = con.cursor()
        start.wait()
        for key in WRITEUP_SECTIONS:
            try:
                writeups.save_section(cursor, actor, world["enquiry"], key, f"{name}'s {key}", expected_updated_at=None)
                outcomes[name][key] = "saved"
            except ValidationError as exc:
                outcomes[name][key] = str(exc)

    threads = [threading.Thread(target=write, args=item) for item in writers.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    stored = writeups.get_writeup(con, world["teacher"], world["enquiry"]).sections
    for key in WRITEUP_SECTIONS:
        winners = [name for name in writers if outcomes[name][key] == "saved"]
        assert len(winners) == 1, (key, outcomes)
        (loser,) = set(writers) - set(winners)
        assert stored[key].body == f"{winners[0]}'s {key}"
        assert f"{winners[0]} saved this section at" in outcomes[loser][key]

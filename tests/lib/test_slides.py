"""The presentation starter: six slides with their titles and speaker notes, a chart with alt text
when the team has a data set with before and after scores, no figure of a group under the
disclosure threshold, hostile text kept safe, and who may download a team's deck."""

import datetime as dt
import io
import shutil
import subprocess

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from research_cycle import conference, datasets, enquiries, evidence, findings
from research_cycle.lib import slides, tabular
from research_cycle.store.errors import PermissionDenied


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (400, 200), "white").save(out, format="PNG")
    return out.getvalue()


def opened(data: bytes):
    return Presentation(io.BytesIO(data))


def texts(prs) -> str:
    """Every piece of text in the deck: slides, notes and pictures' alt text."""
    out = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                out.append(shape.text_frame.text)
            if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
                out.append(shape._element.nvPicPr.cNvPr.get("descr"))
        out.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(out)


def pictures(prs) -> list:
    return [s for slide in prs.slides for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


DECK = slides.Deck(school="Brookside Primary", team="Talk team", cycle="2026/27", question="Does talk help?",
                   focus="Pupils new to English say little.", why_it_matters="Talk is how pupils think aloud.",
                   target_groups=["English as an additional language (EAL)"],
                   methods=["Lesson observation: 3 (our practice)"], voices=["pupils", "teachers"], participants="About 40",
                   findings=["Talk partners doubled contributions."], actions=["Sentence stems in every class (done)"],
                   next_steps=["Keep going: talk in writing"])


def test_six_slides_with_their_titles_and_notes():
    prs = opened(slides.build(DECK))
    assert [s.shapes.title.text for s in prs.slides] == list(slides.TITLES) == [
        "Our question", "Why it mattered", "What we did", "What we found", "What we did about it", "What next"]
    assert all(s.has_notes_slide and len(s.notes_slide.notes_text_frame.text) > 40 for s in prs.slides)
    body = texts(prs)
    for expected in ("Does talk help?", "Brookside Primary · Talk team · 2026/27", "Talk partners doubled contributions.",
                     "Voices heard: pupils, teachers", "About 40 participants in all", "Sentence stems in every class"):
        assert expected in body
    assert pictures(prs) == []
    assert prs.core_properties.language == "en-GB"


def test_a_chart_is_a_picture_with_alt_text():
    figure = slides.Figure(png=png(), alt_text="Reading before and after: All pupils (n=24): 95.1 then 99.0.",
                           notes=["Standardised change, not impact."])
    prs = opened(slides.build(slides.Deck(**{**DECK.__dict__, "figure": figure})))
    (picture,) = pictures(prs)
    assert picture._element.nvPicPr.cNvPr.get("descr") == figure.alt_text
    found = prs.slides[3]
    assert picture in list(found.shapes)
    assert "Standardised change, not impact." in found.notes_slide.notes_text_frame.text
    assert picture.left + picture.width <= prs.slide_width and picture.top + picture.height <= prs.slide_height


def test_empty_records_leave_prompts_and_long_or_hostile_text_is_safe():
    long = " ".join(["word"] * 20_000)
    deck = slides.Deck(school="Ecole \x07 l'Étoile", team="فريق 🙂", cycle="2026/27", question="",
                       findings=[long, "\x00Bell\x1b", *[f"Finding {n}" for n in range(10)]])
    prs = opened(slides.build(deck))
    body = texts(prs)
    assert "[Write your question here]" in body and "[What we did about it" not in body
    assert "[The actions we took, and what changed for whom]" in body
    assert "\x07" not in body and "\x00" not in body and "Bell" in body and "فريق 🙂" in body
    shown = prs.slides[3].placeholders[1].text_frame.text
    assert len(shown.split()) < 200 and "…" in shown and "Finding 9" not in shown
    assert "Finding 9" in prs.slides[3].notes_slide.notes_text_frame.text  # left off the slide, kept in the notes


SCORES = "pupil,pre,post\n" + "".join(f"P{i:03d},{90 + i},{94 + i}\n" for i in range(12))


def dataset(con, world, csv: str, *, consent="obtained") -> int:
    item = evidence.add_evidence(con, world["teacher"], world["enquiry"], {
        "title": "Reading tests", "kind": "assessment data", "origin": "our practice", "consent": consent,
        "collected_on": dt.date(2026, 11, 1)})
    table = tabular.read_table(csv.encode(), "reading.csv")
    return datasets.import_dataset(con, world["teacher"], item, table, name="Reading scores", filename="reading.csv",
                                   roles={"pupil": "pupil_id", "pre": "pre", "post": "post"})


@pytest.fixture
def enquiry(con, world):
    enquiries.update_enquiry(con, world["teacher"], world["enquiry"], {"focus": "Reading", "question": "Does it help?"})
    return world["enquiry"]


def test_the_teams_data_set_gives_the_chart(con, world, enquiry):
    dataset(con, world, SCORES)
    prs = opened(conference.slides(con, world["teacher"], enquiry))
    (picture,) = pictures(prs)
    alt = picture._element.nvPicPr.cNvPr.get("descr")
    assert alt.startswith("Chart of 'Reading scores' (Pre/post change by group): Group All pupils; pupils 12; "
                          "mean pre 95.5; mean post 99.5; mean change 4;")
    assert Image.open(io.BytesIO(picture.image.blob)).size[0] > 400
    assert "Pupils make progress over time anyway" in prs.slides[3].notes_slide.notes_text_frame.text


def test_no_suppressed_figure_reaches_the_deck(con, world, enquiry):
    """Four pupils: under the threshold of five, so no count, mean or chart of them at all."""
    dataset(con, world, "pupil,pre,post\nP1,81,87\nP2,83,89\nP3,85,91\nP4,87,93\n")
    prs = opened(conference.slides(con, world["teacher"], enquiry))
    assert pictures(prs) == []
    body = texts(prs)
    assert "no group in it can be shown (a group of fewer than 5 pupils is withheld" in body
    for figure in ("84", "90", "pupils 4", "4 pupils"):
        assert figure not in body


def test_a_handful_of_participants_is_not_counted_on_a_slide(con, world, enquiry):
    evidence.add_evidence(con, world["teacher"], enquiry, {
        "title": "Interviews", "kind": "interview", "origin": "our practice", "participant_count": 3,
        "collected_on": dt.date(2026, 11, 1)})
    body = texts(opened(conference.slides(con, world["teacher"], enquiry)))
    assert "Fewer than 5 participants in all" in body and "About 3" not in body


def test_withdrawn_consent_leaves_the_data_set_and_its_evidence_out(con, world, enquiry):
    dataset(con, world, SCORES, consent="withdrawn")
    findings.add_finding(con, world["teacher"], enquiry, claim="Reading rose.")
    prs = opened(conference.slides(con, world["teacher"], enquiry))
    assert pictures(prs) == []
    assert "Assessment data" not in texts(prs) and "Reading rose." in texts(prs)


@pytest.mark.parametrize("role, allowed", [("teacher", True), ("facilitator", True), ("other_teacher", False),
                                           ("senior_leader", False), ("administrator", False)])
def test_who_may_download_a_teams_deck(con, world, enquiry, role, allowed):
    if allowed:
        assert conference.slides(con, world[role], enquiry)[:2] == b"PK"
    else:
        with pytest.raises(PermissionDenied):
            conference.slides(con, world[role], enquiry)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_deck(con, world, enquiry, tmp_path):
    dataset(con, world, SCORES)
    path = tmp_path / "talk.pptx"
    path.write_bytes(conference.slides(con, world["facilitator"], enquiry))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    pdf = (tmp_path / "talk.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type/Page") >= 1


def test_the_teams_own_write_up_words_lead_the_slides(con, world, enquiry):
    from research_cycle import writeups

    writeups.save_section(con, world["teacher"], enquiry, "context", "Few pupils new to English spoke in class.",
                          expected_updated_at=None)
    writeups.save_section(con, world["teacher"], enquiry, "limitations",
                          "Our sample was one class.\n\n- Try it in Year 3\n- Ask families", expected_updated_at=None)
    prs = opened(conference.slides(con, world["teacher"], enquiry))
    why = prs.slides[1].placeholders[1].text_frame.text
    assert why.startswith("Few pupils new to English spoke in class.") and "Reading" not in why
    assert prs.slides[5].placeholders[1].text_frame.text.split("\n") == [
        "Our sample was one class.", "Try it in Year 3", "Ask families"]


def test_the_comparison_the_team_chose_in_an_impact_review_is_the_chart(con, world, enquiry):
    from research_cycle import actions
    from research_cycle.lib import charts

    def review(yes: int, name: str, day: int) -> None:
        csv = "pupil,pp,pre,post\n" + "".join(f"P{i:03d},{'Yes' if i < yes else 'No'},{90 + i},{94 + i}\n"
                                              for i in range(12))
        item = evidence.add_evidence(con, world["teacher"], enquiry, {
            "title": name, "kind": "assessment data", "origin": "our practice", "collected_on": dt.date(2026, 11, 1)})
        chosen = datasets.import_dataset(con, world["teacher"], item, tabular.read_table(csv.encode(), "r.csv"),
                                         name=name, filename="r.csv",
                                         roles={"pupil": "pupil_id", "pp": "group", "pre": "pre", "post": "post"})
        action = actions.add_action(con, world["teacher"], enquiry, strategy=f"Paired reading {day}", owner="Year 4",
                                    starts_on="2026-11-02", review_on="2027-01-15")
        actions.add_impact_review(con, world["teacher"], action, what_changed="Scores rose", for_whom=["Disadvantaged"],
                                  reviewed_on=dt.date(2026, 11, day), dataset_id=chosen, chart=charts.BY_GROUP,
                                  chart_options={"measure": "post", "group": "pp"})

    review(6, "Reading by pupil premium", 10)
    prs = opened(conference.slides(con, world["teacher"], enquiry))
    (picture,) = pictures(prs)
    alt = picture._element.nvPicPr.cNvPr.get("descr")
    assert alt.startswith("Chart of 'Reading by pupil premium' (Measure by group):")
    assert alt.count("pupils 6") == 2 and "Paired reading 10 (planned) — Scores rose" in texts(prs)
    # A later review's comparison takes over: three pupils with pupil premium are withheld, and
    # the other group with them (its figure would be the total's complement), so no chart at all.
    review(3, "Reading, small group", 20)
    prs = opened(conference.slides(con, world["teacher"], enquiry))
    assert pictures(prs) == []
    notes = prs.slides[3].notes_slide.notes_text_frame.text
    assert "The chart of 'Reading, small group' is left out: no group in it can be shown" in notes
    assert "pupils 3" not in texts(prs) and "pupils 9" not in texts(prs)

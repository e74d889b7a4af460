"""Summaries for senior leaders: every figure checked against the sample alliance counted here
from its CSV files (not by the code under test), withdrawn consent and disclosure control, what
each senior leader can and cannot reach, and the downloads (.docx, .xlsx, .csv)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from research_cycle import actions, cycles, evidence, findings, people, schools, summaries, teams
from research_cycle import summary_documents as documents
from research_cycle.store.actors import SYSTEM
from research_cycle.store.errors import PermissionDenied
from research_cycle.store.vocab import TARGET_GROUPS

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"


def rows(name: str) -> list[dict]:
    with open(SAMPLE / name, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def split(value: str) -> list[str]:
    return [v for v in (value or "").split(";") if v]


SCHOOL = {r["urn"]: r for r in rows("schools.csv")}
LIVE = [r for r in rows("evidence.csv") if r["consent"] != "withdrawn"]


def cycle_ids(con) -> dict[str, int]:
    return {c["label"]: c["id"] for c in cycles.list_cycles(con)}


def school_id(con, urn: str) -> int:
    found = schools.list_schools(con)
    return int(found[found["urn"] == urn]["id"].iloc[0])


# ---- the digest, counted by hand ----------------------------------------------------------------

@pytest.mark.parametrize("label", ["2025/26", "2026/27"])
def test_digest_figures_match_the_sample(sample_con, label):
    d = summaries.digest(sample_con, SYSTEM, cycle_ids(sample_con)[label])
    teams_csv = [r for r in rows("teams.csv") if r["cycle"] == label]
    enquiries_csv = [r for r in rows("enquiries.csv") if r["cycle"] == label]
    revised = {r["school_urn"] for r in rows("question_revisions.csv") if r["cycle"] == label}
    evidence_csv = [r for r in LIVE if r["cycle"] == label]
    critique_csv = [r for r in rows("critique.csv") if r["cycle"] == label]
    clinics_csv = [r for r in rows("clinics.csv") if r["cycle"] == label and r["booked_by_email"]]
    assert d.figures["Schools in the alliance"] == str(len(SCHOOL))
    assert d.figures["Teams"] == str(len(teams_csv))
    assert d.figures["Teams with a question"] == str(sum(1 for r in enquiries_csv if r["question"].strip()))
    assert d.figures["Questions revised"] == str(len(revised))
    assert d.figures["Evidence items"] == str(len(evidence_csv))
    assert d.figures["Participants in the evidence"] == str(sum(int(r["participant_count"] or 0) for r in evidence_csv))
    assert d.figures["Findings"] == str(sum(1 for r in rows("findings.csv") if r["cycle"] == label))
    answered = sum(1 for r in critique_csv if r["response"])
    assert d.figures["Critique items answered"] == f"{answered} of {len(critique_csv)}"
    assert d.figures["Research clinics"] == str(len(clinics_csv))

    # Target groups: enquiries (and schools) naming each, only groups named at all.
    named = Counter(g for r in enquiries_csv for g in split(r["target_groups"]))
    assert dict(zip(d.target_groups["Target group"], d.target_groups["Enquiries"])) == dict(named)
    assert list(d.target_groups["Target group"]) == [g for g in TARGET_GROUPS if g in named]

    # Themes: tags on live evidence; enquiries = schools using the tag, items = tagged items.
    by_tag, schools_by_tag = Counter(), defaultdict(set)
    for r in evidence_csv:
        for tag in split(r["tags"]):
            by_tag[tag] += 1
            schools_by_tag[tag].add(r["school_urn"])
    got = {t: (e, i) for t, e, i in d.themes.itertuples(index=False)}
    assert got == {t: (len(schools_by_tag[t]), n) for t, n in by_tag.items()}

    # Stages: a team has passed the Question stage once focus and question are written, a target
    # group is chosen and the ethics plan agreed (DESIGN §2).
    past_question = sum(1 for r in enquiries_csv if r["focus"].strip() and r["question"].strip()
                        and split(r["target_groups"]) and r["ethics_agreed"] == "true")
    stages = d.stages.set_index("Stage")
    assert stages.loc["Question", "Teams that reached it"] == len(teams_csv)
    assert stages.loc["Evidence", "Teams that reached it"] == past_question
    assert stages.loc["Question", "Teams at this stage"] == len(teams_csv) - past_question
    assert stages["Teams at this stage"].sum() == len(teams_csv)
    assert list(d.enquiries["School"]) == sorted(SCHOOL[r["school_urn"]]["name"] for r in teams_csv)


def test_digest_critical_friends_come_from_the_meeting_groups(sample_con):
    d = summaries.digest(sample_con, SYSTEM, cycle_ids(sample_con)["2026/27"])
    expected = set()
    for r in rows("meeting_groups.csv"):
        if r["cycle"] == "2026/27":
            a, b = sorted(SCHOOL[u]["name"] for u in split(r["school_urns"]))
            expected.add((a, b, "critical friends", 1))
    assert set(d.links.itertuples(index=False, name=None)) == expected
    matrix = summaries.links_matrix(d.links)
    assert int(matrix.values.sum()) == 2 * len(expected)  # each pair both ways
    assert (matrix.values.diagonal() == 0).all()


def _support_by_hand(label: str) -> dict[tuple[str, str], str]:
    """Each sample finding's support, worked out from the evidence its CSV row names."""
    live = {(r["cycle"], r["school_urn"], r["title"]): r for r in LIVE}
    out = {}
    for f in rows("findings.csv"):
        if f["cycle"] != label:
            continue
        items = [live[(label, f["school_urn"], t)] for t in f["evidence_titles"].split("|")
                 if (label, f["school_urn"], t) in live]
        methods = {i["kind"] for i in items}
        voices = {v for i in items for v in split(i["voices"])}
        origins = {i["origin"] for i in items}
        problems = [p for p, bad in (("one method", len(methods) < 2),
                                     ("one voice" if len(voices) == 1 else "no voices recorded", len(voices) < 2),
                                     ("one origin", len(origins) < 2)) if bad]
        text = ("Rests on " + ", ".join(problems)) if problems else (
            f"Well supported: {len(items)} items, {len(methods)} methods, {len(voices)} voices, both origins")
        out[(SCHOOL[f["school_urn"]]["name"], f["claim"])] = text if items else "No supporting evidence yet"
    return out


@pytest.mark.parametrize("label", ["2025/26", "2026/27"])
def test_headline_findings_carry_their_support(sample_con, label):
    d = summaries.digest(sample_con, SYSTEM, cycle_ids(sample_con)[label])
    got = {(s, f): sup for s, f, sup in d.findings[["School", "Finding", "Support"]].itertuples(index=False)}
    assert got == _support_by_hand(label)
    well = [s.startswith("Well") for s in d.findings["Support"]]
    assert well == sorted(well, reverse=True)  # best supported first
    assert d.figures["Well-supported findings"] == str(sum(well))


def test_support_agrees_with_the_triangulation_matrix(sample_con):
    """The summaries' wording follows findings.triangulation's warning for every sample finding."""
    for label, cycle_id in cycle_ids(sample_con).items():
        d = summaries.digest(sample_con, SYSTEM, cycle_id)
        for enquiry_id in d.findings["enquiry_id"].unique():
            matrix = findings.triangulation(sample_con, SYSTEM, int(enquiry_id)).set_index("finding_id")
            mine = d.findings[d.findings["enquiry_id"] == enquiry_id].set_index("finding_id")
            for finding_id, row in mine.iterrows():
                warning = matrix.loc[finding_id, "Warning"]
                assert row["Support"] == warning or (not warning and row["Support"].startswith("Well")), label


# ---- equity -----------------------------------------------------------------------------------

@pytest.mark.parametrize("label", ["2025/26", "2026/27"])
def test_equity_by_group_and_context(sample_con, label):
    e = summaries.equity(sample_con, SYSTEM, cycle_ids(sample_con)[label])
    enquiries_csv = [r for r in rows("enquiries.csv") if r["cycle"] == label]
    named = Counter(g for r in enquiries_csv for g in split(r["target_groups"]))
    assert list(e.by_target_group["Target group"]) == list(TARGET_GROUPS)
    assert dict(zip(e.by_target_group["Target group"], e.by_target_group["Enquiries"])) == {
        g: named.get(g, 0) for g in TARGET_GROUPS}
    assert e.not_addressed == [g for g in TARGET_GROUPS if g not in named]

    with_team = {r["school_urn"] for r in rows("teams.csv") if r["cycle"] == label}
    by_pp = sorted(SCHOOL.values(), key=lambda s: (-float(s["pct_pupil_premium"]), s["name"]))
    assert list(e.schools["School"]) == [s["name"] for s in by_pp]  # most disadvantaged first
    table = e.schools.set_index("School")
    clinics = Counter(SCHOOL[u]["name"] for u in
                      (next(p["school_urn"] for p in rows("people.csv") if p["email"] == c["booked_by_email"])
                       for c in rows("clinics.csv") if c["cycle"] == label and c["booked_by_email"]))
    for s in SCHOOL.values():
        assert table.loc[s["name"], "Team"] == ("Yes" if s["urn"] in with_team else "No")
        assert table.loc[s["name"], "Evidence items"] == sum(
            1 for r in LIVE if r["cycle"] == label and r["school_urn"] == s["urn"])
        assert table.loc[s["name"], "Clinics"] == clinics.get(s["name"], 0)
        assert table.loc[s["name"], "% pupil premium"] == float(s["pct_pupil_premium"])
    # Above / at or below the median % pupil premium: schools and how many have a team.
    pp = sorted(float(s["pct_pupil_premium"]) for s in SCHOOL.values())
    median = (pp[3] + pp[4]) / 2
    above = [s for s in SCHOOL.values() if float(s["pct_pupil_premium"]) > median]
    band = e.by_context[e.by_context["Context"] == "% pupil premium"].iloc[0]
    assert band["Number"] == len(above)
    assert band["With team"] == sum(1 for s in above if s["urn"] in with_team)


# ---- one school and the years -------------------------------------------------------------------

def test_a_schools_page_in_plain_english(sample_con):
    urn = "131204"
    s = summaries.school_summary(sample_con, SYSTEM, school_id(sample_con, urn), cycle_ids(sample_con)["2025/26"])
    mine = [r for r in LIVE if r["cycle"] == "2025/26" and r["school_urn"] == urn]
    kinds = Counter(r["kind"] for r in mine)
    methods = s.evidence[s.evidence["Evidence"] == "Method"]
    assert dict(zip(methods["Kind of evidence"], methods["Items"])) == dict(kinds)
    assert f"Gathered {len(mine)} pieces of evidence" in s.what_we_did[0]
    practice = sum(1 for r in mine if r["origin"] == "our practice")
    assert f"({practice} about the school's own practice, {len(mine) - practice} from wider research)" in s.what_we_did[0]
    revisions = [r for r in rows("question_revisions.csv") if r["cycle"] == "2025/26" and r["school_urn"] == urn]
    assert [r["reason"] for r in s.revisions[1:]] == [r["reason"] for r in revisions]
    assert s.enquiry.question == revisions[-1]["question"]
    assert s.stage.startswith("Reached") or s.stage == "Finished"  # 2025/26 has finished
    assert set(s.findings["Finding"]) == {f["claim"] for f in rows("findings.csv")
                                          if f["cycle"] == "2025/26" and f["school_urn"] == urn}
    # Brookfield carries on in 2026/27: its next steps say so, with the new question.
    nxt = next(r for r in rows("enquiries.csv") if r["cycle"] == "2026/27" and r["school_urn"] == urn)
    later = [r["question"] for r in rows("question_revisions.csv") if r["cycle"] == "2026/27" and r["school_urn"] == urn]
    assert any("carries on in 2026/27" in step and (later or [nxt["question"]])[-1] in step for step in s.next_steps)


def test_a_school_without_a_team_says_so(sample_con):
    no_team = next(u for u in SCHOOL if not any(r["school_urn"] == u and r["cycle"] == "2026/27"
                                                for r in rows("teams.csv")))
    s = summaries.school_summary(sample_con, SYSTEM, school_id(sample_con, no_team), cycle_ids(sample_con)["2026/27"])
    assert s.team is None and s.findings.empty
    assert b"had no research team" in _docx_text(documents.school_document(
        sample_con, SYSTEM, school_id(sample_con, no_team), cycle_ids(sample_con)["2026/27"])).encode()


def test_a_schools_years_and_the_alliance_trends(sample_con):
    by_school = defaultdict(list)
    for r in rows("teams.csv"):
        by_school[r["school_urn"]].append(r["cycle"])
    for urn, labels in by_school.items():
        history = summaries.school_history(sample_con, SYSTEM, school_id(sample_con, urn))
        assert list(history["Cycle"]) == sorted(labels)
        assert history["Compared with the year before"].iloc[0] == "First year in the programme"
    trends = summaries.trends(sample_con, SYSTEM).set_index("Cycle")
    for label in ("2025/26", "2026/27"):
        assert trends.loc[label, "Schools with a team"] == sum(1 for r in rows("teams.csv") if r["cycle"] == label)
        assert trends.loc[label, "Evidence items"] == sum(1 for r in LIVE if r["cycle"] == label)
        assert trends.loc[label, "Findings"] == sum(1 for r in rows("findings.csv") if r["cycle"] == label)


# ---- consent, disclosure, actions ---------------------------------------------------------------

def test_withdrawn_consent_drops_out_of_every_summary(sample_con):
    label, urn = "2026/27", "131204"
    cycle_id = cycle_ids(sample_con)[label]
    finding = next(f for f in rows("findings.csv") if f["cycle"] == label and f["school_urn"] == urn)
    title = finding["evidence_titles"].split("|")[0]
    item = next(r for r in LIVE if r["cycle"] == label and r["school_urn"] == urn and r["title"] == title)
    before = summaries.digest(sample_con, SYSTEM, cycle_id)
    evidence_id = sample_con.execute("SELECT e.id FROM evidence_item e JOIN enquiry q ON q.id = e.enquiry_id "
                                     "JOIN team t ON t.id = q.team_id JOIN school s ON s.id = t.school_id "
                                     "WHERE s.urn = ? AND t.cycle_id = ? AND e.title = ?", [urn, cycle_id, title]).fetchone()[0]
    evidence.update_evidence(sample_con, SYSTEM, evidence_id, {"consent": "withdrawn"})
    after = summaries.digest(sample_con, SYSTEM, cycle_id)
    assert int(after.figures["Evidence items"]) == int(before.figures["Evidence items"]) - 1
    assert int(after.figures["Participants in the evidence"]) == (
        int(before.figures["Participants in the evidence"]) - int(item["participant_count"] or 0))
    items = dict(zip(before.findings["Finding"], before.findings["Items"]))
    assert dict(zip(after.findings["Finding"], after.findings["Items"]))[finding["claim"]] == items[finding["claim"]] - 1
    tags = split(item["tags"])
    themes_before = dict(zip(before.themes["Theme"], before.themes["Evidence items"]))
    themes_after = dict(zip(after.themes["Theme"], after.themes["Evidence items"]))
    assert all(themes_after.get(t, 0) == themes_before[t] - 1 for t in tags)


def test_participants_go_through_disclosure_control(con, world):
    """A team with fewer than 5 participants shows 'fewer than 5'; the other team is then
    withheld, so the small one cannot be worked out from the total."""
    evidence.add_evidence(con, world["teacher"], world["enquiry"], {
        "title": "Interviews", "kind": "interview", "origin": "our practice", "participant_count": 3})
    evidence.add_evidence(con, world["other_teacher"], world["other_enquiry"], {
        "title": "Survey", "kind": "survey", "origin": "our practice", "participant_count": 40})
    d = summaries.digest(con, world["facilitator"], world["cycle"])
    shown = dict(zip(d.enquiries["School"], d.enquiries["Participants"]))
    assert shown == {"Brookside Primary": "fewer than 5", "Hillcrest Academy": "withheld"}
    assert d.figures["Participants in the evidence"] == "43"
    assert any("fewer than 5" in n for n in d.notes)
    page = summaries.school_summary(con, world["senior_leader"], world["schools"][0], world["cycle"])
    assert "Participants in the evidence: fewer than 5." in page.what_we_did
    # The other school's page uses the same partition: its 40 is withheld there too.
    other = summaries.school_summary(con, world["facilitator"], world["schools"][1], world["cycle"])
    assert "Participants in the evidence: withheld." in other.what_we_did
    assert "3" not in "".join(shown.values())


def test_actions_and_impact_in_the_digest_the_equity_view_and_the_school_page(con, world):
    teacher, enquiry = world["teacher"], world["enquiry"]
    item = evidence.add_evidence(con, teacher, enquiry, {"title": "Talk tally", "kind": "lesson observation",
                                                         "origin": "our practice", "voices": ["pupils"]})
    claim = findings.add_finding(con, teacher, enquiry, claim="Pairs talk more", evidence_ids=[item])
    done = actions.add_action(con, teacher, enquiry, strategy="Talk partners in every lesson", finding_ids=[claim],
                              owner="Tess", starts_on="2026-09-10", review_on="2026-11-01",
                              success_criteria="Every pupil speaks", status="done")
    actions.add_impact_review(con, teacher, done, what_changed="Quiet pupils answer in pairs",
                              for_whom=["English as an additional language"], evidence_ids=[item],
                              reviewed_on="2026-11-02")
    actions.add_action(con, teacher, enquiry, strategy="Sentence stems on tables", owner="Tess",
                       starts_on="2026-11-01", review_on="2027-02-01", success_criteria="", status="planned")
    enquiries_set = {"target_groups": ["English as an additional language"], "focus": "Talk"}
    from research_cycle import enquiries

    enquiries.update_enquiry(con, teacher, enquiry, enquiries_set)
    d = summaries.digest(con, world["senior_leader"], world["cycle"])
    assert d.figures["Actions"] == "2" and d.figures["Actions with an impact review"] == "1"
    reviewed = d.actions[d.actions["Impact reviews"] > 0].iloc[0]
    assert (reviewed["Action"], reviewed["What changed"], reviewed["For whom"]) == (
        "Talk partners in every lesson", "Quiet pupils answer in pairs", "English as an additional language")
    assert list(d.next_steps["Action"]) == ["Sentence stems on tables"]
    e = summaries.equity(con, world["senior_leader"], world["cycle"]).by_target_group.set_index("Target group")
    assert e.loc["English as an additional language", ["Enquiries", "Actions", "Actions with impact reviewed",
                                                      "Impact for this group"]].tolist() == [1, 2, 1, 1]
    page = summaries.school_summary(con, world["senior_leader"], world["schools"][0], world["cycle"])
    assert page.next_steps == ["Sentence stems on tables (planned; review 01/02/2027)"]
    assert list(page.findings["Finding"]) == ["Pairs talk more"]


# ---- who sees what ------------------------------------------------------------------------------

@pytest.fixture
def leaders(con, world):
    """The head teacher (world's senior leader, of school A), the TSA lead (no school) and a head
    teacher who also teaches (school B)."""
    lead = people.create_person(con, SYSTEM, name="Lena Lead", email="lena@tsa.example.org.uk", roles=["senior_leader"])
    both = people.create_person(con, SYSTEM, name="Hal Head", email="hal@hillcrest.example.sch.uk",
                                school_id=world["schools"][1], roles=["senior_leader", "teacher"])
    return {"head": world["senior_leader"], "lead": people.get_person(con, lead),
            "head_teacher": people.get_person(con, both)}


READS = {
    "digest": lambda c, w, a: summaries.digest(c, a, w["cycle"]),
    "equity": lambda c, w, a: summaries.equity(c, a, w["cycle"]),
    "trends": lambda c, w, a: summaries.trends(c, a),
    "school A page": lambda c, w, a: summaries.school_summary(c, a, w["schools"][0], w["cycle"]),
    "school B page": lambda c, w, a: summaries.school_summary(c, a, w["schools"][1], w["cycle"]),
    "school A years": lambda c, w, a: summaries.school_history(c, a, w["schools"][0]),
    "school B years": lambda c, w, a: summaries.school_history(c, a, w["schools"][1]),
    "school A document": lambda c, w, a: documents.school_document(c, a, w["schools"][0], w["cycle"]),
    "school B document": lambda c, w, a: documents.school_document(c, a, w["schools"][1], w["cycle"]),
    "raw evidence of school A": lambda c, w, a: evidence.list_evidence(c, a, w["enquiry"]),
    "findings of school A (raw)": lambda c, w, a: findings.list_findings(c, a, w["enquiry"]),
}
ALLIANCE = {"head", "lead", "head_teacher", "facilitator", "administrator"}
MATRIX = {
    "digest": ALLIANCE, "equity": ALLIANCE, "trends": ALLIANCE,
    "school A page": {"head", "lead", "facilitator", "administrator"},
    "school B page": {"head_teacher", "lead", "facilitator", "administrator"},
    "school A years": {"head", "lead", "facilitator", "administrator"},
    "school B years": {"head_teacher", "lead", "facilitator", "administrator"},
    "school A document": {"head", "lead", "facilitator", "administrator"},
    "school B document": {"head_teacher", "lead", "facilitator", "administrator"},
    "raw evidence of school A": {"facilitator", "teacher"},
    "findings of school A (raw)": {"facilitator", "teacher"},
}


@pytest.mark.parametrize("read", list(READS))
@pytest.mark.parametrize("who", ["head", "lead", "head_teacher", "teacher", "facilitator", "administrator"])
def test_what_each_reader_can_reach(con, world, leaders, who, read):
    actor = leaders.get(who) or world[who]
    if who in MATRIX[read]:
        READS[read](con, world, actor)
    else:
        with pytest.raises(PermissionDenied) as err:
            READS[read](con, world, actor)
        assert actor.name in str(err.value)


def test_readable_schools(con, world, leaders):
    assert list(summaries.readable_schools(con, leaders["head"])["id"]) == [world["schools"][0]]
    assert sorted(summaries.readable_schools(con, leaders["lead"])["id"]) == sorted(world["schools"])
    assert sorted(summaries.readable_schools(con, world["facilitator"])["id"]) == sorted(world["schools"])
    with pytest.raises(PermissionDenied):
        summaries.readable_schools(con, world["teacher"])


def test_summaries_never_carry_raw_evidence(sample_con):
    """No evidence title, quote, summary or data set name appears in any summary or download."""
    ids = cycle_ids(sample_con)
    raw = {r["title"] for r in LIVE} | {q for r in LIVE for q in r["quotes"].split("|") if len(q) > 20} | {
        r["summary"] for r in LIVE if r["summary"]} | {r["name"] for r in rows("datasets.csv")}
    text = []
    for cycle_id in ids.values():
        d = summaries.digest(sample_con, SYSTEM, cycle_id)
        text += [t.to_csv() for t in d.tables().values()]
        text += [t.to_csv() for t in summaries.equity(sample_con, SYSTEM, cycle_id).tables().values()]
        text.append(_docx_text(documents.digest_document(sample_con, SYSTEM, cycle_id)))
        for urn in SCHOOL:
            s = summaries.school_summary(sample_con, SYSTEM, school_id(sample_con, urn), cycle_id)
            text += [t.to_csv() for t in s.tables().values()] + s.what_we_did
    blob = "\n".join(text)
    leaked = [r for r in raw if r and r in blob]
    # A finding's claim may quote its evidence's title word for word; nothing else may appear.
    claims = {f["claim"] for f in rows("findings.csv")}
    assert [r for r in leaked if not any(r in c for c in claims)] == []


# ---- downloads ----------------------------------------------------------------------------------

def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml").decode()


def test_governors_document_has_headings_charts_with_alt_text_and_the_figures(sample_con):
    cycle_id = cycle_ids(sample_con)["2025/26"]
    data = documents.digest_document(sample_con, SYSTEM, cycle_id)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode()
        pictures = [n for n in z.namelist() if n.startswith("word/media/") and n.endswith(".png")]
    assert len(pictures) == 2  # the stage chart and the schools matrix
    assert xml.count('w:val="Heading1"') >= 7
    assert 'descr="Bar chart of the teams that reached each stage in 2025/26: Question 7;' in xml
    d = summaries.digest(sample_con, SYSTEM, cycle_id)
    for name in d.findings["Finding"]:
        assert name.replace("'", "&apos;") in xml or name in xml


def test_workbook_and_csv_keep_text_as_text(con, world):
    from research_cycle import enquiries

    enquiries.update_enquiry(con, world["teacher"], world["enquiry"], {"focus": "Talk", "question": "=HYPERLINK(\"x\")"})
    d = summaries.digest(con, world["facilitator"], world["cycle"])
    book = openpyxl.load_workbook(io.BytesIO(documents.workbook(d.tables())))
    assert book.sheetnames == list(d.tables())[:len(book.sheetnames)] and "Enquiries" in book.sheetnames
    sheet = book["Enquiries"]
    header = [c.value for c in sheet[1]]
    cells = [sheet.cell(row=r, column=header.index("Question") + 1) for r in range(2, sheet.max_row + 1)]
    assert any(c.value == "=HYPERLINK(\"x\")" and c.data_type == "s" for c in cells)
    table = pd.read_csv(io.BytesIO(documents.csv_bytes(d.enquiries)), encoding="utf-8-sig")
    assert "'=HYPERLINK(\"x\")" in list(table["Question"])
    assert len(table) == len(teams.list_teams(con, SYSTEM, world["cycle"]))


def test_command_line_exports_the_governors_documents(sample_path, tmp_path, capsys):
    from research_cycle import __main__ as cli

    for kind in ("digest", "equity"):
        target = tmp_path / f"{kind}.docx"
        assert cli.main(["export", kind, "--cycle", "2025/26", "--to", str(target), "--db", str(sample_path)]) == 0
        assert "2025/26" in _docx_text(target.read_bytes())
    assert cli.main(["export", "digest", "--cycle", "1999/00", "--to", str(tmp_path / "x.docx"),
                     "--db", str(sample_path)]) == 1
    assert "give a cycle's label" in capsys.readouterr().err


def test_a_large_alliance_matrix_keeps_the_most_connected_schools():
    links = pd.DataFrame([(f"School {a:02}", f"School {b:02}", "critical friends", 1)
                          for a in range(40) for b in range(a + 1, 40) if b - a == 1 or a == 0],
                         columns=["School", "Worked with", "How", "Times"])
    matrix = summaries.links_matrix(links, limit=30)
    assert matrix.shape == (30, 30)
    assert "School 00" in matrix.index  # it worked with every other school
    assert (matrix.values == matrix.values.T).all()


@pytest.mark.parametrize("label", ["2025/26", "2026/27"])
def test_actions_impact_and_conference_match_the_sample(sample_con, label):
    acts = [r for r in rows("actions.csv") if r["cycle"] == label]
    planned = {(SCHOOL[r["school_urn"]]["name"], r["strategy"]) for r in acts}
    reviewed = {(SCHOOL[r["school_urn"]]["name"], r["strategy"]) for r in acts if r["reviewed_on"]}
    still_open = {(SCHOOL[r["school_urn"]]["name"], r["strategy"]) for r in acts
                  if r["status"] in ("planned", "in progress")}
    cycle_id = cycle_ids(sample_con)[label]
    d = summaries.digest(sample_con, SYSTEM, cycle_id)
    assert d.figures["Actions"] == str(len(planned))
    assert d.figures["Actions with an impact review"] == str(len(reviewed))
    assert set(zip(d.actions["School"], d.actions["Action"])) == planned
    assert set(zip(d.next_steps["School"], d.next_steps["Action"])) == still_open
    # Impact for a group: actions whose impact reviews name it among those the change was for.
    for_group = Counter(g for key in reviewed for g in {g for r in acts if r["reviewed_on"]
                                                        and (SCHOOL[r["school_urn"]]["name"], r["strategy"]) == key
                                                        for g in split(r["for_whom"])})
    e = summaries.equity(sample_con, SYSTEM, cycle_id)
    assert dict(zip(e.by_target_group["Target group"], e.by_target_group["Impact for this group"])) == {
        g: for_group.get(g, 0) for g in TARGET_GROUPS}
    presenters = {SCHOOL[u]["name"] for r in rows("conference.csv") if r["cycle"] == label
                  for u in split(r["presenters"])}
    assert {s for s, c in zip(e.schools["School"], e.schools["Conference"]) if c == "Yes"} == presenters


def test_a_ready_write_up_is_offered_on_the_schools_page(con, world):
    from research_cycle import writeups
    from research_cycle.store.vocab import WRITEUP_SECTIONS

    page = summaries.school_summary(con, world["senior_leader"], world["schools"][0], world["cycle"])
    assert page.writeup_ready is False
    for key in WRITEUP_SECTIONS:
        writeups.save_section(con, world["teacher"], world["enquiry"], key, f"Our {key}.", expected_updated_at=None)
    writeups.mark_ready(con, world["teacher"], world["enquiry"])
    page = summaries.school_summary(con, world["senior_leader"], world["schools"][0], world["cycle"])
    assert page.writeup_ready is True
    assert writeups.document(con, world["senior_leader"], world["enquiry"]).startswith(b"PK")


def test_a_schools_workbook_has_its_page_and_its_years(sample_con):
    urn = "131204"
    data = documents.school_workbook(sample_con, SYSTEM, school_id(sample_con, urn), cycle_ids(sample_con)["2025/26"])
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Question history", "What the team did", "Findings", "Actions and impact", "Next steps",
                               "Across the years"]
    years = [row[0] for row in book["Across the years"].iter_rows(min_row=2, values_only=True)]
    assert years == sorted(r["cycle"] for r in rows("teams.csv") if r["school_urn"] == urn)

"""The summaries as pictures and downloads: Altair charts (pages show them, documents embed them
as PNG with alt text), the governors' .docx (built with :mod:`lib.documents`), and the tables as
.xlsx and .csv.

Everything here is made from :mod:`summaries`' results, which are already disclosure-controlled
and leave out withdrawn consent; so each download shows what the page shows, and nothing more.
Permission is checked by the summaries these functions ask for.
"""

from __future__ import annotations

import io

import altair as alt
import pandas as pd

from . import schools, summaries
from .lib.documents import Document, vega_lite_png
from .store import clock
from .store.actors import Person
from .store.formatting import uk_date

BLUE, ORANGE, GREY = "#1f77b4", "#ff7f0e", "#bbbbbb"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# ---- charts ---------------------------------------------------------------------------------

def stage_chart(stages: pd.DataFrame, label: str) -> alt.Chart:
    """Teams that reached each stage (a bar per stage, in the order of the year)."""
    data = stages.rename(columns={"Teams that reached it": "teams", "Teams at this stage": "now"})
    return alt.Chart(data, title=f"Teams that reached each stage, {label}").mark_bar(color=BLUE).encode(
        x=alt.X("teams:Q", title="Teams", axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("Stage:N", sort=list(stages["Stage"]), title=None),
        tooltip=[alt.Tooltip("Stage:N"), alt.Tooltip("teams:Q", title="Teams that reached it"),
                 alt.Tooltip("now:Q", title="Teams at this stage now")],
    ).properties(width="container", height=alt.Step(30))


def stage_alt(stages: pd.DataFrame, label: str) -> str:
    return (f"Bar chart of the teams that reached each stage in {label}: "
            + "; ".join(f"{s} {n}" for s, n in zip(stages["Stage"], stages["Teams that reached it"])) + ".")


def links_chart(matrix: pd.DataFrame, size: int | None = None) -> alt.LayerChart:
    """Schools × schools: a square where two schools worked together, with how many times.
    ``size``: the square picture's width in pixels (documents); else each school gets 34 pixels."""
    long = matrix.rename_axis(index="School", columns="With").stack().rename("times").reset_index()
    names = list(matrix.index)
    base = alt.Chart(long, title="Which schools worked with which").encode(
        x=alt.X("With:N", sort=names, title=None, axis=alt.Axis(labelAngle=-45, labelLimit=160, labelOverlap=False)),
        y=alt.Y("School:N", sort=names, title=None, axis=alt.Axis(labelLimit=160)))
    squares = base.mark_rect(stroke="white").encode(
        color=alt.condition("datum.times > 0", alt.value(BLUE), alt.value("#f2f2f2")),
        tooltip=["School:N", alt.Tooltip("With:N", title="Worked with"), alt.Tooltip("times:Q", title="Times")])
    counts = base.mark_text(color="white").encode(text=alt.Text("times:Q")).transform_filter("datum.times > 0")
    side = alt.Step(34) if size is None else size
    return (squares + counts).properties(width=side, height=side)


def links_alt(links: pd.DataFrame, matrix: pd.DataFrame | None = None) -> str:
    if links.empty:
        return "Matrix of schools: no two schools worked together in this cycle yet."
    if matrix is not None:
        shown = set(matrix.index)
        links = links[links["School"].isin(shown) & links["Worked with"].isin(shown)]
    pairs = "; ".join(f"{a} with {b} ({how}, {n})" for a, b, how, n in links.itertuples(index=False))
    return f"Matrix of the schools that worked together: {pairs}."


def target_group_chart(by_group: pd.DataFrame) -> alt.Chart:
    """Enquiries per target group, every group of the vocabulary; those no enquiry addresses in grey."""
    data = by_group.assign(addressed=by_group["Enquiries"] > 0)
    return alt.Chart(data, title="Enquiries by target group").mark_bar().encode(
        x=alt.X("Enquiries:Q", axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("Target group:N", sort=list(by_group["Target group"]), title=None, axis=alt.Axis(labelLimit=220)),
        color=alt.condition("datum.addressed", alt.value(BLUE), alt.value(GREY)),
        tooltip=["Target group:N", "Enquiries:Q", "Schools:Q", "Actions:Q",
                 alt.Tooltip("Impact for this group:Q", title="Impact reviews naming the group")],
    ).properties(width="container", height=alt.Step(24))


def target_group_alt(by_group: pd.DataFrame) -> str:
    return ("Bar chart of enquiries by target group: "
            + "; ".join(f"{g} {n}" for g, n in zip(by_group["Target group"], by_group["Enquiries"])) + ".")


def context_chart(table: pd.DataFrame) -> alt.Chart:
    """Each school's % pupil premium against how many of the five ways of taking part it had."""
    data = table.assign(parts=table["Taking part"].str.split(" ").str[0].astype(int))
    return alt.Chart(data, title="Schools by % pupil premium and taking part").mark_circle(size=140, color=ORANGE).encode(
        x=alt.X("% pupil premium:Q", title="% pupil premium"),
        y=alt.Y("parts:Q", title="Ways of taking part (of 5)", scale=alt.Scale(domain=[0, 5]),
                axis=alt.Axis(tickMinStep=1)),
        tooltip=["School:N", "% pupil premium:Q", "% EAL:Q", "% SEND:Q", "Taking part:N"],
    ).properties(width="container", height=260)


def context_alt(table: pd.DataFrame) -> str:
    return ("Scatter chart of schools by % pupil premium and ways of taking part: "
            + "; ".join(f"{s} {pp:.1f}% pupil premium, {t}" for s, pp, t in
                        table[["School", "% pupil premium", "Taking part"]].itertuples(index=False)) + ".")


# ---- tables -----------------------------------------------------------------------------------

def _safe_cell(value):
    """A cell a spreadsheet will not run: text starting like a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_bytes(table: pd.DataFrame) -> bytes:
    """A table as CSV (UTF-8 with a byte-order mark, so Excel reads accents), formulas defused."""
    return table.map(_safe_cell).to_csv(index=False).encode("utf-8-sig")


def workbook(tables: dict[str, pd.DataFrame]) -> bytes:
    """Tables as one .xlsx, a sheet each (text is written as text, never as a formula or link)."""
    out = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False}
    with pd.ExcelWriter(out, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        for name, table in tables.items():
            sheet = name[:31]
            table.to_excel(writer, sheet_name=sheet, index=False)
            for n, column in enumerate(table.columns):
                width = max([len(str(column))] + [len(str(v)) for v in table[column].head(200)])
                writer.sheets[sheet].set_column(n, n, min(max(10, width + 2), 60))
    return out.getvalue()


def school_workbook(con, actor: Person, school_id: int, cycle_id: int) -> bytes:
    """A school's page for a cycle and its years, as one .xlsx."""
    tables = summaries.school_summary(con, actor, school_id, cycle_id).tables()
    return workbook({**tables, "Across the years": summaries.school_history(con, actor, school_id)})


# ---- governors' documents ------------------------------------------------------------------------

HEADLINES = 20  # findings in the governors' digest (best supported first); the workbook has them all
DOC_ROWS = 60  # rows of a long table in a governors' document (a large alliance's full lists are in the workbook)


def _longer(doc: Document, frame: pd.DataFrame, what: str) -> None:
    if len(frame) > DOC_ROWS:
        doc.paragraph(f"The first {DOC_ROWS} of {len(frame)} {what}; all of them are in the tables (.xlsx).",
                      italic=True)

ACTION_WIDTHS = {"School": 3.0, "Action": 4.6, "Status": 2.0, "Impact reviews": 1.8, "What changed": 4.6}

def _table(doc: Document, frame: pd.DataFrame, caption: str, empty: str, widths: dict | None = None) -> None:
    """A table of the document; ``widths`` (column -> cm) chooses the columns that fit a page."""
    if frame.empty:
        doc.paragraph(empty, italic=True)
        return
    if widths:
        frame = frame[[c for c in widths if c in frame.columns]]
    doc.table(list(frame.columns), frame.astype(object).where(frame.notna(), "").values.tolist(), caption=caption,
              widths_cm=[widths[c] for c in frame.columns] if widths else None)


def _figure(doc: Document, chart: alt.Chart, alt_text: str, caption: str) -> None:
    spec = chart.properties(width=560) if isinstance(chart, alt.Chart) else chart
    doc.figure(vega_lite_png(spec.to_dict(validate=False), scale=2), alt=alt_text, caption=caption)


def _alliance(con) -> str:
    return (schools.get_alliance(con) or {}).get("name") or "The alliance"


def digest_document(con, actor: Person, cycle_id: int) -> bytes:
    """The alliance digest of a cycle as a .docx for governors."""
    d = summaries.digest(con, actor, cycle_id)
    label = d.cycle["label"]
    doc = Document(title=f"Alliance digest {label}", author=_alliance(con), subject="Collaborative enquiry programme")
    doc.title_page(f"Alliance digest {label}", [_alliance(con), f"Prepared {uk_date(clock.today())}"])
    doc.contents()
    doc.heading("1 The year in figures", 1)
    doc.table(["Figure", "Value"], list(d.figures.items()), caption="Table 1. The year in figures")
    doc.heading("2 How far the teams got", 1)
    _figure(doc, stage_chart(d.stages, label), stage_alt(d.stages, label), "Figure 1. Teams that reached each stage")
    _longer(doc, d.enquiries, "enquiries")
    _table(doc, d.enquiries.head(DOC_ROWS), "Table 2. The enquiries", "No teams in this cycle.",
           {"School": 3.4, "Question": 6.6, "Stage": 2.4, "Outcome": 2.4, "Findings": 1.8, "Actions": 1.8})
    doc.heading("3 What the enquiries were about", 1)
    _table(doc, d.themes, "Table 3. Themes (codebook tags on the evidence)", "No evidence has been tagged yet.")
    _table(doc, d.target_groups, "Table 4. Target learner groups", "No enquiry has named a target group yet.")
    doc.heading("4 Schools working together", 1)
    matrix = summaries.links_matrix(d.links, list(d.enquiries["School"]))
    _figure(doc, links_chart(matrix, size=min(480, 40 + 22 * len(matrix))), links_alt(d.links, matrix), "Figure 2. Which schools worked with which"
            + (f" (the {len(matrix)} schools that worked with the most others)"
               if len(matrix) < d.enquiries["School"].nunique() else ""))
    _longer(doc, d.links, "pairs of schools")
    _table(doc, d.links.head(DOC_ROWS), "Table 5. Critical friends and written critique between schools",
           "No two schools have worked together yet.")
    doc.heading("5 Headline findings", 1)
    doc.paragraph("Best supported first. A finding resting on one method, one voice or one origin is flagged.")
    if len(d.findings) > HEADLINES:
        doc.paragraph(f"The {HEADLINES} best supported of {len(d.findings)} findings; every finding is in the "
                      "tables (.xlsx).")
    _table(doc, d.findings.head(HEADLINES), "Table 6. Findings and how well each is supported", "No findings yet.",
           {"School": 3.6, "Finding": 7.4, "Support": 5.0})
    doc.heading("6 Actions and their impact", 1)
    _table(doc, d.actions, "Table 7. Actions and impact", "No actions recorded yet.", ACTION_WIDTHS)
    doc.heading("7 What is planned next", 1)
    _table(doc, d.next_steps, "Table 8. Actions planned or in progress", "No actions are planned or in progress.")
    doc.heading("Notes", 2)
    doc.bullets(d.notes)
    return doc.to_bytes()


def equity_document(con, actor: Person, cycle_id: int) -> bytes:
    """The equity view of a cycle as a .docx for governors."""
    e = summaries.equity(con, actor, cycle_id)
    label = e.cycle["label"]
    doc = Document(title=f"Equity {label}", author=_alliance(con), subject="Collaborative enquiry programme")
    doc.title_page(f"Equity: who the enquiries reach, {label}", [_alliance(con), f"Prepared {uk_date(clock.today())}"])
    doc.heading("1 Enquiries and impact by target group", 1)
    _figure(doc, target_group_chart(e.by_target_group), target_group_alt(e.by_target_group),
            "Figure 1. Enquiries by target group")
    _table(doc, e.by_target_group, "Table 1. Enquiries, actions and impact by target group", "No enquiries.")
    doc.heading("2 Groups no enquiry addresses", 1)
    doc.bullets(e.not_addressed or ["Every target group is addressed by at least one enquiry."])
    doc.heading("3 Schools by context and taking part", 1)
    if len(e.schools):
        _figure(doc, context_chart(e.schools), context_alt(e.schools), "Figure 2. Schools by % pupil premium")
    _table(doc, e.schools, "Table 2. Schools, most disadvantaged first", "No schools.",
           {"School": 3.8, "% pupil premium": 1.7, "% EAL": 1.5, "% SEND": 1.5, "Team": 1.3, "Critique received": 1.7,
            "Clinics": 1.5, "Conference": 1.8, "Taking part": 1.6})
    _table(doc, e.by_context, "Table 3. Taking part by context", "No schools.")
    doc.heading("Notes", 2)
    doc.bullets(e.notes)
    return doc.to_bytes()


def school_document(con, actor: Person, school_id: int, cycle_id: int) -> bytes:
    """One school's summary for a cycle, with its years in the programme, as a .docx for governors."""
    s = summaries.school_summary(con, actor, school_id, cycle_id)
    history = summaries.school_history(con, actor, school_id)
    name, label = s.school["name"], s.cycle["label"]
    doc = Document(title=f"{name}: enquiry {label}", author=_alliance(con), subject="Collaborative enquiry programme")
    doc.title_page(f"{name}: our enquiry {label}",
                   [s.team["team"] if s.team else "No team this year", _alliance(con), f"Prepared {uk_date(clock.today())}"])
    if s.team is None:
        doc.paragraph(f"{name} had no research team in {label}.")
    else:
        e = s.enquiry
        doc.heading("1 Our question and how it changed", 1)
        doc.paragraph(e.question or "The question is not written yet.", bold=True)
        doc.paragraph(f"Where the team is: {s.stage}.")
        for r in s.revisions:
            doc.paragraph(f"Version {r['revision_no']} ({uk_date(r['revised_at'])}): {r['question']}")
            doc.paragraph(f"Why it changed: {r['reason']}" + (f" Prompted by: {r['prompted_by']}." if r["prompted_by"] else ""),
                          italic=True)
        doc.heading("2 Why it mattered", 1)
        doc.text_block(e.why_it_matters or e.focus or "Not written yet.")
        doc.paragraph(f"Target learner groups: {', '.join(e.target_groups) or 'none chosen'}.")
        doc.heading("3 What the team did", 1)
        doc.bullets(s.what_we_did)
        if s.worked_with:
            doc.paragraph("Worked with: " + "; ".join(s.worked_with) + ".")
        doc.heading("4 What we found", 1)
        _table(doc, s.findings[["Finding", "Support"]], "Table 1. Key findings and how well each is supported",
               "No findings yet.")
        doc.heading("5 Actions and impact", 1)
        _table(doc, s.actions, "Table 2. Actions and impact", "No actions recorded yet.",
               {k: v for k, v in ACTION_WIDTHS.items() if k != "School"} | {"Action": 6.0})
        doc.heading("6 Next steps", 1)
        doc.bullets(s.next_steps or ["No next steps recorded yet."])
    doc.heading("Across the years", 1)
    _table(doc, history, "Table 3. Our enquiries year by year", "No enquiries yet.")
    return doc.to_bytes()

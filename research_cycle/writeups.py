"""The write-up: one conference paper per enquiry (DESIGN §5), written in the app section by
section and generated as a Word document; and the proceedings of a cycle, which join every
write-up marked ready.

Each section starts from a *draft* assembled only from the enquiry's own records (context and
target groups, the question's history with what prompted each change, literature, the evidence
by kind, origin and voice, findings with their quotes and the evidence each cites, critique with
the team's answers, actions and impact). Nothing is invented: every sentence of a draft comes from
a record, and evidence is cited by code (E1, E2... in the order it was collected). The team then
rewrites each section in its own words. This module gathers the records (and checks who may
read them); ``lib/drafts.py`` turns them into text, and ``lib/documents.py`` into a .docx.

Rules:
- teachers of the team write (a finished cycle is read-only); facilitators read every write-up;
  senior leaders read only write-ups marked ready (and the proceedings);
- two teammates saving one section: the later save is refused, naming who saved first, and its
  text stays in the form (nothing is overwritten);
- the abstract has at most ``ABSTRACT_WORDS`` words (a longer one is saved with a warning, and
  cannot be marked ready); no section has more than ``SECTION_WORDS`` words;
- "mark ready" is refused while a section is empty, naming it; a ready write-up is changed only
  after putting it back to draft;
- evidence whose participants withdrew consent (BERA) never appears, nor do its data sets;
  special-category evidence is summarised (its quotes are never reproduced) and nothing is
  attached; every chart and table of pupils' data goes through disclosure control (lib.charts).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import pandas as pd

from . import actions, cycles, datasets, enquiries, evidence, findings, literature, overview, schools, teams
from . import critique as critique_noun
from .enquiries import team_of
from .lib import charts, documents
from .lib import drafts as draft_texts
from .lib.charts import CHART_KINDS
from .lib.disclosure import PUPILS
from .lib.renderer import Renderer
from .store import changelog, clock, db, validate
from .store.actors import SYSTEM, Person
from .store.errors import NotFound, PermissionDenied, ValidationError, WorkbenchError
from .store.formatting import uk_date, uk_datetime
from .store.permissions import Action, can, require
from .store.vocab import ORIGINS, VOICES, WRITEUP_SECTIONS

ABSTRACT_WORDS = 200
SECTION_WORDS = 5000  # about ten pages: far more than a conference paper's section needs
SECTION_CHARACTERS = 200_000  # a safety net; the word limit is what people meet
REQUIRED = tuple(WRITEUP_SECTIONS)  # every section must be written before the paper is ready
MAX_CHARTS = 6  # charts in one write-up (findings' data sets first, then impact reviews')
PREPOST, BY_GROUP, DISTRIBUTION, _ = CHART_KINDS
_WORD = re.compile(r"\w+(?:['’\-]\w+)*", re.UNICODE)


def word_count(text: str | None) -> int:
    """Words as a reader counts them (hyphenated and apostrophe words count once)."""
    return len(_WORD.findall(text or ""))


@dataclass
class Section:
    key: str
    heading: str
    body: str | None  # what the team saved (None: never saved)
    draft: str  # assembled from the records
    updated_at: dt.datetime | None = None  # the version a save must start from
    updated_by: str = ""

    @property
    def text(self) -> str:
        """What the paper shows: the team's text once saved, else the draft."""
        return self.draft if self.body is None else self.body

    @property
    def words(self) -> int:
        return word_count(self.text)


@dataclass
class Writeup:
    enquiry_id: int
    team_id: int
    school: str
    team: str
    cycle: str
    status: str  # "not started", "draft" or "ready"
    sections: dict[str, Section]
    updated_at: dt.datetime | None = None
    updated_by: str = ""
    ready_at: dt.datetime | None = None
    editable: bool = False  # whether the reader may change it (a teacher of the team, cycle running)

    @property
    def title(self) -> str:
        return self.sections["title"].text.strip() or "Untitled write-up"

    def empty_sections(self) -> list[str]:
        """Headings of the required sections with no saved text, in the paper's order."""
        return [WRITEUP_SECTIONS[k] for k in REQUIRED if not (self.sections[k].body or "").strip()]


@dataclass
class SaveOutcome:
    updated_at: dt.datetime
    words: int
    warnings: list[str] = field(default_factory=list)


# -- permissions ----------------------------------------------------------------------------


def _row(con, enquiry_id: int) -> dict | None:
    return db.one(con, "writeups/get_writeup", [enquiry_id])


def _require_read(con, actor: Person | None, enquiry_id: int, row: dict | None) -> int:
    """The team id, or PermissionDenied: the team and facilitators read any write-up; senior
    leaders read those marked ready."""
    team_id = team_of(con, enquiry_id)
    if can(con, actor, Action.READ_EVIDENCE, team_id=team_id):
        return team_id
    if row is not None and row["status"] == "ready" and can(con, actor, Action.READ_WRITEUPS):
        return team_id
    who = actor.name if actor else "Nobody signed in"
    if actor is not None and can(con, actor, Action.READ_WRITEUPS):
        raise PermissionDenied(f"{who} cannot read this write-up yet: senior leaders read a write-up once its team "
                               "has marked it ready.")
    raise PermissionDenied(f"{who} cannot read this write-up: it belongs to the team that wrote it (and the "
                           "facilitators) until it is marked ready for the conference.")


# -- reading --------------------------------------------------------------------------------


def get_writeup(con, actor: Person, enquiry_id: int) -> Writeup:
    """The write-up with every section: saved text, the draft from the records, and the version
    each save must start from."""
    return _load(con, actor, enquiry_id)[0]


def _load(con, actor: Person, enquiry_id: int) -> tuple[Writeup, dict]:
    """The write-up and the records its drafts and document are made from (read once)."""
    row = _row(con, enquiry_id)
    team_id = _require_read(con, actor, enquiry_id, row)
    saved = {}
    if row is not None:
        saved = {s["section_key"]: s for s in db.rows(con, "writeups/list_sections", [row["id"]])}
    records = _records(con, enquiry_id)
    # Drafts quote the raw evidence: only those who may read it (the team, facilitators) get them;
    # a senior leader reading a ready write-up sees what the team wrote.
    if can(con, actor, Action.READ_EVIDENCE, team_id=team_id):
        drafts = db.remember(con, "writeups.drafts", [enquiry_id], lambda: draft_texts.assemble(records, sections=WRITEUP_SECTIONS, voices=VOICES))
    else:
        drafts = dict.fromkeys(WRITEUP_SECTIONS, "")
    sections = {key: Section(key, heading, saved[key]["body"] if key in saved else None, drafts[key],
                             saved[key]["updated_at"] if key in saved else None,
                             saved[key]["updated_by"] if key in saved else "")
                for key, heading in WRITEUP_SECTIONS.items()}
    enquiry = records["enquiry"]
    return Writeup(enquiry_id, team_id, enquiry.school, enquiry.team, enquiry.cycle,
                   row["status"] if row else "not started", sections,
                   row["updated_at"] if row else None, row["updated_by"] if row else "",
                   row["ready_at"] if row else None,
                   editable=can(con, actor, Action.EDIT_ENQUIRY, team_id=team_id)), records


def drafts(con, actor: Person, enquiry_id: int) -> dict[str, str]:
    """Each section's draft, assembled from the enquiry's records (for the team and facilitators)."""
    require(con, actor, Action.READ_EVIDENCE, team_id=team_of(con, enquiry_id))
    return db.remember(con, "writeups.drafts", [enquiry_id], lambda: draft_texts.assemble(
        _records(con, enquiry_id), sections=WRITEUP_SECTIONS, voices=VOICES))


def list_for_cycle(con, actor: Person, cycle_id: int) -> pd.DataFrame:
    """Every enquiry of a cycle with its write-up's state (facilitators see all; senior leaders
    only the write-ups marked ready): enquiry_id, team_id, school, team, focus, question,
    target_groups, status, ready_at, updated_at, title."""
    if can(con, actor, Action.READ_EVIDENCE):  # with no team: reads every team's (facilitators)
        return db.frame(con, "writeups/list_for_cycle", [cycle_id])
    require(con, actor, Action.READ_WRITEUPS)
    found = db.frame(con, "writeups/list_for_cycle", [cycle_id])
    return found[found["status"] == "ready"].reset_index(drop=True)


def is_ready(con, enquiry_id: int) -> bool:
    """Whether the enquiry's write-up is marked ready (a fact for checklists and the conference)."""
    row = _row(con, enquiry_id)
    return row is not None and row["status"] == "ready"


# -- writing --------------------------------------------------------------------------------


def _clean_body(key: str, body) -> str:
    heading = WRITEUP_SECTIONS[key]
    text = validate.text(heading, body, limit=validate.SHORT if key == "title" else SECTION_CHARACTERS)
    if key == "title":
        return " ".join(text.split())
    words = word_count(text)
    if words > SECTION_WORDS:
        raise ValidationError(heading, f"has {words:,} words; a section can have at most {SECTION_WORDS:,}. Keep "
                              "what the conference audience needs and move the rest to an appendix of your own.")
    return text


def save_section(con, actor: Person, enquiry_id: int, key: str, body, *,
                 expected_updated_at: dt.datetime | None, when: dt.datetime | None = None) -> SaveOutcome:
    """Save one section's text. ``expected_updated_at`` is the section's version the editor was
    loaded with (None: it had never been saved). If a teammate saved the section in between, the
    save is refused naming them, and nothing is overwritten. An abstract over ABSTRACT_WORDS is
    saved with a warning (it cannot be marked ready like that). ``when`` (the time of the save) is
    for loading past cycles; by default now."""
    if key not in WRITEUP_SECTIONS:
        raise ValidationError("Section", f"'{key}' is not a section of the write-up.")
    team_id = team_of(con, enquiry_id)
    require(con, actor, Action.EDIT_ENQUIRY, team_id=team_id)
    heading = WRITEUP_SECTIONS[key]
    text = _clean_body(key, body)
    now = when or clock.now()
    with db.transaction(con):
        row = _row(con, enquiry_id)
        if row is not None and row["status"] == "ready":
            raise ValidationError(heading, "the write-up is marked ready, so it is not changed. Put it back to draft "
                                  "first if it needs changing; your text is still in the form.")
        writeup_id = row["id"] if row else db.scalar(con, "writeups/insert_writeup", [enquiry_id, now, actor.id])
        current = db.one(con, "writeups/section_version", [writeup_id, key])
        if (current["updated_at"] if current else None) != expected_updated_at:
            raise ValidationError(heading, f"{current['updated_by']} saved this section at "
                                  f"{uk_datetime(current['updated_at'])}, while you were editing it. Nothing was "
                                  "overwritten and your text is still in the form: copy it, reload the section to "
                                  "see their version, then combine the two and save again.")
        if current is None:
            con.execute(db.sql("writeups/insert_section"), [writeup_id, key, text, now, actor.id])
            before = None
        else:
            before = {"body": db.one(con, "writeups/get_section", [writeup_id, key])["body"]}
            con.execute(db.sql("writeups/update_section"), [text, now, actor.id, writeup_id, key])
        con.execute(db.sql("writeups/touch_writeup"), [now, actor.id, writeup_id])
        changelog.record(con, actor.id, "writeup_section", f"{writeup_id}:{key}", "update" if before else "create",
                         before, {"enquiry_id": enquiry_id, "section": heading, "body": text})
    words = word_count(text)
    warnings = []
    if key == "abstract" and words > ABSTRACT_WORDS:
        warnings.append(f"The abstract has {words} words; the limit is {ABSTRACT_WORDS}. It is saved, but the "
                        f"write-up cannot be marked ready until it is {words - ABSTRACT_WORDS} words shorter.")
    return SaveOutcome(now, words, warnings)


def mark_ready(con, actor: Person, enquiry_id: int, *, when: dt.datetime | None = None) -> None:
    """Mark the write-up ready for the conference (and the proceedings). Refused, naming them,
    while a section is empty or the abstract is too long. ``when`` is for loading past cycles."""
    require(con, actor, Action.EDIT_ENQUIRY, team_id=team_of(con, enquiry_id))
    with db.transaction(con):
        writeup = get_writeup(con, actor, enquiry_id)
        if writeup.status == "ready":
            raise ValidationError("Write-up", "is already marked ready.")
        empty = writeup.empty_sections()
        if empty:
            names = ", ".join(f"‘{e}’" for e in empty)
            raise ValidationError("Write-up", f"cannot be marked ready: {names} {'is' if len(empty) == 1 else 'are'} "
                                  "empty. Write (or save the draft of) each section first.")
        words = word_count(writeup.sections["abstract"].body)
        if words > ABSTRACT_WORDS:
            raise ValidationError("Abstract", f"has {words} words; the limit is {ABSTRACT_WORDS}. Shorten it by "
                                  f"{words - ABSTRACT_WORDS} words, then mark the write-up ready.")
        _set_status(con, actor, enquiry_id, "ready", when)


def back_to_draft(con, actor: Person, enquiry_id: int) -> None:
    """Put a ready write-up back to draft, so it can be changed (it leaves the proceedings)."""
    require(con, actor, Action.EDIT_ENQUIRY, team_id=team_of(con, enquiry_id))
    with db.transaction(con):
        row = _row(con, enquiry_id)
        if row is None or row["status"] != "ready":
            raise ValidationError("Write-up", "is not marked ready, so it is already a draft.")
        _set_status(con, actor, enquiry_id, "draft")


def _set_status(con, actor: Person, enquiry_id: int, status: str, when: dt.datetime | None = None) -> None:
    row = _row(con, enquiry_id)
    now = when or clock.now()
    con.execute(db.sql("writeups/set_status"), [status, now if status == "ready" else None, now, actor.id, row["id"]])
    changelog.record(con, actor.id, "writeup", row["id"], status, {"status": row["status"]},
                     {"status": status, "enquiry_id": enquiry_id})


# -- the records behind drafts and documents ------------------------------------------------


def _records(con, enquiry_id: int) -> dict:
    """Everything a write-up reports about one enquiry, read after the caller's permission check
    (a senior leader reads a ready write-up, not the raw evidence behind it). Evidence whose
    consent was withdrawn is left out here, once, and so is everything that cites only it.
    Kept in the app until the next save (the page reran all of it on every switch)."""
    return db.remember(con, "writeups.records", [enquiry_id], lambda: _read_records(con, enquiry_id))


def _read_records(con, enquiry_id: int) -> dict:
    enquiry = enquiries.get_enquiry(con, SYSTEM, enquiry_id)
    evidence = db.rows(con, "writeups/evidence_for_writeup", [enquiry_id])
    for n, item in enumerate(evidence, 1):
        item["code"] = f"E{n}"
        item["voices"] = list(item["voices"] or [])
        item["quotes"] = list(item["quotes"] or []) if item["sensitivity"] != "special category" else []
    by_id = {int(e["id"]): e for e in evidence}
    found = findings.list_findings(con, SYSTEM, enquiry_id)
    triangulation = findings.triangulation(con, SYSTEM, enquiry_id)
    warnings = dict(zip(triangulation.get("finding_id", []), triangulation.get("Warning", [])))
    finding_rows = []
    for n, f in enumerate(found.itertuples(), 1):
        cited = [by_id[int(i)] for i in f.evidence_ids if int(i) in by_id]
        finding_rows.append({"id": int(f.id), "number": n, "claim": f.claim, "detail": f.detail or "",
                             "evidence": cited, "warning": warnings.get(f.id, "")})
    plan = actions.list_actions(con, SYSTEM, enquiry_id)
    reviews = actions.reviews_for_enquiry(con, SYSTEM, enquiry_id) if len(plan) else {}
    refs, style = [], ""
    page, pages = 0, 1
    while page < pages:
        listing = literature.reference_list(con, SYSTEM, enquiry_id, page=page)
        refs += listing.entries
        page, pages, style = page + 1, listing.pages, listing.style_name
    library = {int(r.id): r for r in literature.library(con, SYSTEM, enquiry_id).itertuples()}
    sets = datasets.list_datasets(con, SYSTEM, enquiry_id)
    sets = sets[sets["evidence_id"].astype(int).isin(list(by_id))]
    return {
        "enquiry": enquiry,
        "members": [m["name"] for m in teams.members(con, SYSTEM, enquiry.team_id)],
        "revisions": enquiries.revisions(con, SYSTEM, enquiry_id),
        "evidence": evidence,
        "withdrawn": int(db.scalar(con, "writeups/withdrawn_count", [enquiry_id]) or 0),
        "findings": finding_rows,
        "critique": critique_noun.for_enquiry(con, SYSTEM, enquiry_id).sort_values(["created_at", "id"]),
        "actions": plan,
        "reviews": reviews,
        "references": refs,
        "library": library,
        "style": style,
        "datasets": sets,
        "evidence_by_id": by_id,
    }


# -- charts -----------------------------------------------------------------------------------


@dataclass
class Figure:
    caption: str
    png: bytes | Future | None  # None: nothing could be shown (the note says why); a future: being drawn
    alt: str
    table: pd.DataFrame | None
    notes: list[str]


def _default_chart(meta: dict, frame: pd.DataFrame) -> dict | None:
    """The most telling chart a data set's columns allow (change over time, else a measure by
    group, else its distribution), as arguments for lib.charts.build; None when nothing can be
    drawn. Impact reviews name their own comparison instead (actions.review_chart)."""
    roles = datasets.columns_by_role(meta)
    pre, post = (roles["pre"] or [None])[0], (roles["post"] or [None])[0]
    groups, measures = roles["group"], roles["measure"] + roles["pre"] + roles["post"]
    base = {"_frame": frame, "threshold": meta["threshold"], "pre": pre, "post": post}
    if pre and post:
        return {**base, "kind": PREPOST, "group": (groups or [None])[0], "measure": None}
    if measures and groups:
        return {**base, "kind": BY_GROUP, "group": groups[0], "measure": measures[0],
                "attainment": measures[0] in roles["attainment"]}
    if measures:
        return {**base, "kind": DISTRIBUTION, "group": None, "measure": measures[0]}
    return None


def _figure(args: dict | None, caption: str, draw=documents.vega_lite_png) -> Figure | None:
    """A chart drawn through disclosure control (lib.charts.build) as PNG with alt text, the
    protected table under it and its notes; a note instead of a picture when every group is too
    small or the choice no longer fits the data."""
    if args is None:
        return None
    args = {k: v for k, v in args.items() if k != "dataset_id"}
    frame, kind, threshold = args.pop("_frame"), args.pop("kind"), args.pop("threshold")
    try:
        view = charts.build(frame, kind, threshold=threshold, **args)
    except ValidationError as exc:
        return Figure(caption, None, "", None, [exc.message])
    table = view.table
    shown = table[table[PUPILS].astype(str).str.isdigit()] if PUPILS in table.columns else table
    if shown.empty:
        return Figure(caption, None, "", table, view.notes + [
            f"No figures are shown: every group has fewer than {threshold} pupils (disclosure control)."])
    spec = view.chart.to_dict(validate=False)  # built by lib.charts; vl-convert checks it as it draws
    # The chart's subtitle lines (effect sizes with their intervals, what was withheld) are
    # printed as text under the figure, with the notes, rather than squeezed into the picture.
    notes = list(dict.fromkeys([*_subtitles(spec), *view.notes]))
    described = "; ".join(", ".join(f"{k} {_value(v)}" for k, v in row.items()) for row in shown.to_dict("records"))
    alt = f"{caption}. {kind}. {described}. " + " ".join(notes)
    return Figure(caption, draw(spec), alt[:2000], table, notes)


def _subtitles(spec) -> list[str]:
    """Every subtitle line of a Vega-Lite spec (top level and layers), in order."""
    found: list[str] = []
    if isinstance(spec, dict):
        title = spec.get("title")
        if isinstance(title, dict) and title.get("subtitle"):
            sub = title["subtitle"]
            found += [sub] if isinstance(sub, str) else [str(line) for line in sub]
        for key, value in spec.items():
            if key != "title":
                found += _subtitles(value)
    elif isinstance(spec, list):
        for value in spec:
            found += _subtitles(value)
    return found


def _dataset_chart(con, dataset_id: int) -> dict | None:
    try:
        meta, frame = datasets.get_dataset(con, SYSTEM, dataset_id)
    except WorkbenchError:
        return None
    return _default_chart(meta, frame)


def _review_chart(con, review: dict) -> dict | None:
    try:
        return actions.review_chart(con, SYSTEM, review)
    except WorkbenchError:
        return None


def _strings(values) -> list[str]:
    """A list column's value (a list, an array, or missing) as a list of strings."""
    return [] if values is None or not hasattr(values, "__iter__") or isinstance(values, str) else list(map(str, values))


def _value(v) -> str:
    if isinstance(v, float):
        return f"{v:.2f}"
    return str(v)


def _figures(con, r: dict, draw=documents.vega_lite_png) -> tuple[list[Figure], list[Figure]]:
    """Charts of the data sets behind the findings, then those the impact reviews compare.
    ``draw`` turns a spec into PNG bytes, or into a future of them (the proceedings)."""
    by_evidence = {}
    for d in r["datasets"].itertuples():
        by_evidence.setdefault(int(d.evidence_id), []).append(d)
    seen, found, impact = set(), [], []
    for f in r["findings"]:
        for item in f["evidence"]:
            for d in by_evidence.get(int(item["id"]), []):
                if (int(d.id), None) in seen or len(seen) >= MAX_CHARTS:
                    continue
                seen.add((int(d.id), None))
                fig = _figure(_dataset_chart(con, int(d.id)), f"{d.name} ({item['code']}), behind finding {f['number']}",
                              draw)
                if fig:
                    found.append(fig)
    names = {int(d.id): d for d in r["datasets"].itertuples()}
    for reviews in r["reviews"].values():
        for review in reviews:
            dataset_id = review.get("dataset_id")
            if dataset_id is None or pd.isna(dataset_id) or int(dataset_id) not in names:
                continue
            key = (int(dataset_id), review.get("chart"), repr(sorted((review.get("chart_options") or {}).items())))
            if key in seen or len(seen) >= MAX_CHARTS:
                continue
            seen.add(key)
            d = names[int(dataset_id)]
            code = r["evidence_by_id"][int(d.evidence_id)]["code"]
            fig = _figure(_review_chart(con, review), f"{d.name} ({code}), impact reviewed "
                                                      f"{uk_date(review['reviewed_on'])}", draw)
            if fig:
                impact.append(fig)
    return found, impact


# -- documents --------------------------------------------------------------------------------


def document(con, actor: Person, enquiry_id: int) -> bytes:
    """The write-up as a Word document (.docx bytes): title page, contents, every section
    (saved text, or the draft where nothing is saved yet, marked as such), the evidence table,
    each finding with the evidence it cites, charts with alt text, actions, and the references in
    the alliance's style."""
    writeup, records = _load(con, actor, enquiry_id)
    doc = documents.Document(title=writeup.title, author=f"{writeup.school}, {writeup.team}",
                             subject=f"Enquiry write-up, {writeup.cycle}")
    lines = [writeup.school, writeup.team]
    if records["members"]:
        lines.append(draft_texts.joined(records["members"]))
    lines.append(f"Annual conference {writeup.cycle}")
    if writeup.status != "ready":
        lines.append("Draft: not yet marked ready by the team")
    doc.title_page(writeup.title, lines)
    doc.contents()
    _write(con, doc, writeup, records, level=1)
    return doc.to_bytes()


def _write(con, doc: documents.Document, writeup: Writeup, r: dict, *, level: int,
           drawn: tuple[list[Figure], list[Figure]] | None = None) -> None:
    figures, impact = drawn if drawn is not None else _figures(con, r)
    figure_no = 0

    def put_figures(items: list[Figure]) -> None:
        nonlocal figure_no
        for fig in items:
            figure_no += 1
            caption = f"Figure {figure_no}. {fig.caption}"
            png = fig.png.result() if isinstance(fig.png, Future) else fig.png
            if png is not None:
                doc.figure(png, alt=fig.alt, caption=caption)
            else:
                doc.paragraph(caption, italic=True)
            if fig.table is not None and not fig.table.empty:
                doc.table(list(map(str, fig.table.columns)),
                          [[_value(v) for v in row] for row in fig.table.itertuples(index=False)])
            for note in fig.notes:
                doc.paragraph(note, italic=True)

    for key, section in writeup.sections.items():
        if key == "title":
            continue
        heading = "Abstract" if key == "abstract" else section.heading
        doc.heading(heading, level)
        if section.body is None and section.draft:
            doc.paragraph("Draft assembled from our records; not yet rewritten by the team.", italic=True)
        if section.text.strip():
            doc.text_block(section.text)
        if key == "methods" and r["evidence"]:
            table = draft_texts.evidence_table(r["evidence"], origins=ORIGINS, voices=VOICES)
            doc.table(list(table.columns), table.itertuples(index=False),
                      caption="Evidence by kind, origin and voice (number of items)")
            doc.table(["Code", "Evidence", "Kind", "Origin", "Voices", "Participants", "Collected"],
                      [[e["code"], e["title"], e["kind"], e["origin"], ", ".join(e["voices"]),
                        e["participant_count"] or "", e["collected_on"].strftime("%d/%m/%Y")] for e in r["evidence"]],
                      caption="The evidence we cite", widths_cm=[1.5, 4.2, 2.4, 2.0, 2.3, 1.5, 2.4])
        if key == "findings" and r["findings"]:
            doc.table(["Finding", "Evidence cited", "Triangulation"],
                      [[f"{f['number']}. {f['claim']}", draft_texts.cite(f["evidence"]) or "none",
                        f["warning"] or "several methods, voices and origins"] for f in r["findings"]],
                      caption="Findings and the evidence each rests on", widths_cm=[6.0, 6.0, 4.2])
            put_figures(figures)
        if key == "actions":
            put_figures(impact)
    doc.heading("References", level)
    if r["references"]:
        for entry in r["references"]:
            doc.paragraph(entry.formatted.runs)
        doc.paragraph(f"References in the {r['style']} style.", italic=True)
    else:
        doc.paragraph("No references in the library.", italic=True)


def proceedings(con, actor: Person, cycle_id: int, *,
                progress: Callable[[int, int, str], None] | None = None) -> bytes:
    """The proceedings of a cycle's conference (.docx bytes): title page, contents, an alliance
    overview (schools, themes, target groups, how far each team got), then every write-up marked
    ready. ``progress(done, total, what)`` is called as each write-up is added."""
    require(con, actor, Action.READ_WRITEUPS)
    cycle = cycles.get_cycle(con, cycle_id, missing_ok=True)
    if cycle is None:
        raise NotFound(f"No cycle with id {cycle_id}.")
    alliance = schools.get_alliance(con) or {}
    listing = db.frame(con, "writeups/list_for_cycle", [cycle_id])
    ready = listing[listing["status"] == "ready"]
    name = alliance.get("name") or "The alliance"
    doc = documents.Document(title=f"{name}: conference proceedings {cycle['label']}", author=name,
                             subject="Conference proceedings")
    doc.title_page(f"{name}: conference proceedings", [
        f"Annual conference {cycle['label']}", *([alliance["university_partner"]] if alliance.get("university_partner")
                                                 else []),
        f"{len(ready)} write-up{'s' if len(ready) != 1 else ''}"])
    doc.contents(levels=2)
    _overview(con, doc, cycle, listing)
    total = len(ready)
    # Each write-up's records and charts are read by two helper threads, each on its own cursor,
    # while this thread writes the one before into the document; the charts are drawn by a helper
    # process (lib.renderer: the renderer holds Python's lock while it draws), so both cores work.
    with Renderer() as renderer, ThreadPoolExecutor(max_workers=2, thread_name_prefix="proceedings") as pool:
        prepared = pool.map(lambda enquiry_id: _prepare(con, enquiry_id, renderer.submit),
                            [int(i) for i in ready["enquiry_id"]])
        for n, (row, (writeup, records, drawn)) in enumerate(zip(ready.itertuples(), prepared), 1):
            if progress:
                progress(n - 1, total, f"{row.school} — {row.team}")
            doc.page_break()
            doc.heading(writeup.title, 1)
            doc.paragraph(f"{writeup.school}, {writeup.team}", italic=True)
            _write(con, doc, writeup, records, level=2, drawn=drawn)
    if progress:
        progress(total, total, "done")
    return doc.to_bytes()


def _prepare(con, enquiry_id: int, draw):
    """A ready write-up for the proceedings, its records and its charts drawn, read on a cursor
    of the calling thread's own (DuckDB's rule for threads)."""
    cur = con.cursor()
    try:
        writeup, records = _load(cur, SYSTEM, enquiry_id)
        return writeup, records, _figures(cur, records, draw)
    finally:
        cur.close()


def _themes(con, enquiry_id: int, limit: int = 3) -> list[str]:
    """The codebook tags the team used most on its evidence (withdrawn items left out)."""
    items = evidence.list_evidence(con, SYSTEM, enquiry_id)
    items = items[items["consent"] != "withdrawn"]
    counts = pd.Series([t for tags in items["tags"] for t in _strings(tags)], dtype=object).value_counts()
    return list(counts.index[:limit])


def _overview(con, doc: documents.Document, cycle: dict, listing: pd.DataFrame) -> None:
    doc.heading("The alliance this year", 1)
    programme = overview.programme(con, SYSTEM, cycle["id"])
    reached = dict(zip(programme["team_id"], programme.get("Outcome", programme["Current stage"])))
    themes = {int(r.enquiry_id): _themes(con, int(r.enquiry_id)) for r in listing.itertuples()}
    doc.paragraph(f"{listing['school'].nunique()} schools took part in {cycle['label']} with "
                  f"{len(listing)} research teams; {int((listing['status'] == 'ready').sum())} write-ups are "
                  "in these proceedings.")
    doc.table(["School", "Team", "Focus", "Themes", "Target groups", "How far it got", "Write-up"],
              [[r.school, r.team, r.focus or "", ", ".join(themes[int(r.enquiry_id)]),
                ", ".join(_strings(r.target_groups)), reached.get(r.team_id, ""), r.status]
               for r in listing.itertuples()], caption="Schools, their enquiries and how far each got")
    shared = pd.Series([t for ts in themes.values() for t in ts], dtype=object).value_counts()
    if len(shared):
        doc.table(["Theme (codebook tag)", "Enquiries"], shared.items(),
                  caption="Themes across the alliance: the tags each team used most on its evidence")
    groups = pd.Series([g for gs in listing["target_groups"] for g in _strings(gs)], dtype=object).value_counts()
    if len(groups):
        doc.table(["Target group", "Enquiries"], groups.items(), caption="Target groups across the alliance")

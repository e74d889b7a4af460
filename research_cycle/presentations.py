"""The presentation starter a team takes to the annual conference (.pptx): six slides drafted
from the enquiry's records (question, why it mattered, what we did, what we found, what we did
about it, what next), led by the team's own words where its write-up has them, with speaker notes
on finishing it. Built by :mod:`research_cycle.lib.slides`; only the gathering is here.

Everything on it obeys DESIGN §7: the chart (the data set comparison the team chose in an impact
review, else a before/after change) comes through disclosure control, a participant count under
the threshold is not given, evidence whose consent was withdrawn is left out, and only the team and
facilitators may build it (it draws on the team's evidence).
"""

from __future__ import annotations

import pandas as pd

from . import actions, datasets, enquiries, evidence, findings, schools, writeups
from .lib import charts, disclosure, documents
from .lib import slides as slide_deck
from .store.actors import Person
from .store.errors import ValidationError
from .store.permissions import Action, require


def _methods(items: pd.DataFrame) -> tuple[list[str], list[str], int]:
    """Evidence by kind and origin, the voices heard and the participants, counting only items
    whose consent stands (a withdrawn participant's data drops out)."""
    live = items[items["consent"] != "withdrawn"]
    lines = [f"{kind[0].upper()}{kind[1:]}: {int(n)} ({origin})" for (kind, origin), n in
             live.groupby(["kind", "origin"]).size().sort_values(ascending=False).items()]
    voices = sorted({v for vs in live["voices"] for v in (vs if vs is not None else [])})
    people = int(pd.to_numeric(live["participant_count"], errors="coerce").fillna(0).sum())
    return lines, voices, people


def _described(value) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def _picture(name: str, kind: str, view, threshold: int) -> tuple[slide_deck.Figure | None, str]:
    """A chart's view as a slide figure; or, when every group is under the threshold, why not."""
    shown = view.table[view.table[disclosure.PUPILS].astype(str).str.isdigit()]
    if shown.empty:
        return None, (f"The chart of '{name}' is left out: no group in it can be shown (a group of fewer than "
                      f"{threshold} pupils is withheld, and another with it where a total would give it away).")
    # On a slide the chart keeps a short title; its long subtitle (change, method, cautions) goes
    # to the speaker notes with the footnotes.
    subtitle = [str(line) for line in (getattr(view.chart.title, "subtitle", None) or [])]
    chart = view.chart.properties(title=name, width=420, height=max(120, 40 * len(shown)))
    rows = ["; ".join(f"{k} {_described(v)}" for k, v in row.items() if not pd.isna(v))
            for row in shown.to_dict("records")]
    alt = f"Chart of '{name}' ({kind}): " + " | ".join(rows) + "."
    return slide_deck.Figure(png=documents.vega_lite_png(chart.to_dict(validate=False)), alt_text=alt[:2000],
                             notes=list(dict.fromkeys(subtitle + view.notes))), ""


def _figure(con, actor: Person, enquiry_id: int, reviews: list[dict]) -> tuple[slide_deck.Figure | None, str]:
    """The chart for 'What we found', through disclosure control: the data set comparison the team
    chose in its latest impact review that names one; else the change shown by its first data set
    with before and after scores; or why none is shown."""
    for review in sorted(reviews, key=lambda r: r["reviewed_on"], reverse=True):
        try:
            args = actions.review_chart(con, actor, review)
        except ValidationError:  # no comparison named, or its data can no longer be used
            continue
        frame, kind = args.pop("_frame"), args.pop("kind")
        args.pop("dataset_id")
        try:
            view = charts.build(frame, kind, **args)
        except ValidationError as exc:
            return None, f"The chart of '{review['dataset']}' cannot be drawn: {exc.message}"
        return _picture(review["dataset"], kind, view, args["threshold"])
    for row in datasets.list_datasets(con, actor, enquiry_id).itertuples():
        try:
            meta, frame = datasets.get_dataset(con, actor, int(row.id))
        except ValidationError:  # consent withdrawn: never charted
            continue
        roles = datasets.columns_by_role(meta)
        if roles["pre"] and roles["post"]:
            view = charts.build(frame, charts.PREPOST, pre=roles["pre"][0], post=roles["post"][0],
                                threshold=meta["threshold"])
            return _picture(meta["name"], charts.PREPOST, view, meta["threshold"])
    return None, ""


def _participants(people: int, threshold: int) -> str:
    """How many took part, as the slide says it: a count under the alliance's threshold is not given."""
    if people <= 0:
        return ""
    return f"About {people}" if people >= threshold else disclosure.fewer_than(threshold).capitalize()


def _paragraphs(text: str) -> list[str]:
    """A section's text as slide bullets: its paragraphs and bullet lines."""
    found = []
    for block in text.split("\n\n"):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if lines and all(line[:2] in ("- ", "• ", "* ") for line in lines):
            found += [line[2:].strip() for line in lines]
        elif lines:
            found.append(" ".join(lines))
    return found


def deck(con, actor: Person, enquiry_id: int) -> slide_deck.Deck:
    """What the presentation starter says, gathered from the enquiry's records (the team's own
    and facilitators only: it draws on the team's evidence)."""
    require(con, actor, Action.READ_CONFERENCE)
    e = enquiries.get_enquiry(con, actor, enquiry_id)
    items = evidence.list_evidence(con, actor, enquiry_id)  # checks READ_EVIDENCE for the team
    methods, voices, people = _methods(items)
    plan = actions.list_actions(con, actor, enquiry_id)
    reviews = actions.reviews_for_enquiry(con, actor, enquiry_id) if len(plan) else {}
    figure, withheld = _figure(con, actor, enquiry_id, [r for found in reviews.values() for r in found])
    done = []
    for a in plan.itertuples():
        latest = reviews.get(int(a.id)) or []
        change = f" — {latest[-1]['what_changed']}" if latest else ""
        done.append(f"{a.strategy} ({a.status}){change}")
    next_steps = [f"Keep going: {a.strategy}" for a in plan.itertuples() if a.status in ("planned", "in progress")]
    # What the team has written in its write-up comes first: its own words, not the records'.
    written = {k: _paragraphs(s.body) for k, s in writeups.get_writeup(con, actor, enquiry_id).sections.items()
               if s.body and s.body.strip()}
    why = written.get("context") or [e.focus, e.why_it_matters, e.context]
    return slide_deck.Deck(
        school=e.school, team=e.team, cycle=e.cycle, question=e.question, focus=why[0],
        why_it_matters=" ".join(why[1:2]), context=" ".join(why[2:]), target_groups=e.target_groups, methods=methods,
        voices=voices, participants=_participants(people, schools.disclosure_threshold(con)),
        findings=list(findings.list_findings(con, actor, enquiry_id)["claim"]), figure=figure, figure_withheld=withheld, actions=done, next_steps=written.get("limitations", []) + next_steps)


def slides(con, actor: Person, enquiry_id: int) -> bytes:
    """A team's presentation starter (.pptx): question, why it mattered, what we did, what we
    found (with the team's data set chart, when there is one), what we did about it, what next;
    speaker notes tell the team how to finish it."""
    return slide_deck.build(deck(con, actor, enquiry_id))

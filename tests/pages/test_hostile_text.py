"""A user's text is always shown as text: hostile text in every text field, name and file name the
sample can hold is rendered on every page, for every role, literally — no link, image, formula,
colour directive or HTML is made from it (a question holding ![x](http://HOST/p.png) once made a
teammate's browser fetch that address)."""

from __future__ import annotations

import re

import pytest

from helpers import app_as, person_with
from research_cycle import enquiries, teams
from research_cycle.navigation import ROLE_ORDER, screens_for
from research_cycle.store import db

PAYLOAD = (" ![x](http://evil.example/p.png) [click](http://evil.example/) $x^2$ "
           "<img src=x onerror=alert(1)> :red[red] **bold** `code`")
# Every free-text column users fill in, table by table (a renamed column fails the test).
FIELDS = {
    "alliance": ["name"],
    "school": ["name"],
    "person": ["name"],
    "team": ["name"],
    "enquiry": ["focus", "question", "hunch", "why_it_matters", "context", "ethics_plan"],
    "question_revision": ["question", "reason", "prompted_by"],
    "evidence_item": ["title", "summary", "notes", "participants"],
    "attachment": ["filename"],
    "codebook_tag": ["name", "description"],
    "literature": ["title", "source", "key_points", "bearing"],
    "dataset": ["name"],
    "finding": ["claim", "detail"],
    "critique_item": ["text", "response_text"],
    "meeting": ["title", "place", "agenda"],
    "clinic_slot": ["place"],
    "clinic_booking": ["topic", "help_wanted", "notes", "advice"],
    "follow_up": ["what", "who"],
    "action_item": ["strategy", "owner", "success_criteria", "stop_reason"],
    "impact_review": ["what_changed"],
    "conference": ["venue"],
    "conference_session": ["title", "theme", "room"],
}
# What the payload becomes if it is interpreted instead of shown: unescaped Markdown links and
# images, maths, colour directives, raw HTML.
INTERPRETED = [re.compile(p) for p in (r"(?<!\\)\]\(http://evil", r"(?<!\\)\$x\^2", r"(?<!\\):red\[",
                                        r"(?<![\\&])<img", r"(?<!\\)\*\*bold")]


@pytest.fixture
def hostile_store(sample_path):
    con = db.connect(sample_path)
    for table, columns in FIELDS.items():
        for column in columns:
            # Identifiers come from the list above, never from input.
            con.execute(f'UPDATE "{table}" SET "{column}" = "{column}" || ? WHERE "{column}" <> \'\'', [PAYLOAD])
    con.execute("UPDATE evidence_item SET quotes = list_transform(quotes, q -> q || ?)", [PAYLOAD])
    people = {role: person_with(con, role, in_team=True if role == "teacher" else None) for role in ROLE_ORDER}
    # A revised question, so the question history shows a difference between two versions.
    cycle_id = con.execute("SELECT id FROM cycle WHERE label = '2026/27'").fetchone()[0]
    enquiry_id = teams.my_teams(con, people["teacher"], cycle_id)[0]["enquiry_id"]
    enquiries.update_enquiry(con, people["teacher"], enquiry_id, {"question": "How does talk help?" + PAYLOAD},
                             reason="Sharper" + PAYLOAD)
    con.execute("CHECKPOINT")
    con.close()
    return people


HTML_MADE = re.compile(r"<img|<a |<script|<iframe")


def _html(at) -> list[str]:
    """What the page hands st.html: never Markdown, so only raw tags would be interpreted."""
    return [str(e.value) for e in at.get("html")]


def _shown(at) -> list[str]:
    """Every string the page hands Streamlit to render as Markdown: bodies, widget labels and the
    cells of plain tables."""
    out = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "success", "warning", "error",
                 "toast"):
        out += [str(e.value) for e in at.get(kind)]
    for table in at.get("table"):  # st.table reads Markdown in every cell and heading
        out += [str(c) for c in table.value.columns] + [str(v) for v in table.value.to_numpy().ravel()]
    for kind in ("button", "download_button", "expander", "tabs", "selectbox", "multiselect", "text_input",
                 "text_area", "checkbox", "radio", "metric", "form_submit_button"):
        out += [str(getattr(e, "label", "")) for e in at.get(kind)]
    return out


def _every_fold(at) -> tuple[list[str], list[str]]:
    """(Markdown, HTML) the page shows in each of its tabs and with every folded box opened: tabs
    and boxes keyed ``*_tab`` and ``*_open`` are made only while open, so each is opened in turn."""
    shown, html = _shown(at), _html(at)

    def rerun_and_look():
        at.run()
        assert not at.exception, at.exception
        shown.extend(_shown(at))
        html.extend(_html(at))

    def open_boxes():
        for _ in range(5):  # a box may hold another
            closed = [k for k in at.session_state.keys() if str(k).endswith("_open") and at.session_state[k] is False]
            if not closed:
                return
            for key in closed:
                at.session_state[key] = True
            rerun_and_look()

    open_boxes()
    for key in [k for k in at.session_state.keys() if str(k).endswith("_tab")]:
        for label in [t.label for t in at.tabs]:
            at.session_state[key] = label
            rerun_and_look()
            open_boxes()
    return shown, html


@pytest.mark.parametrize("role", ROLE_ORDER)
def test_every_page_shows_hostile_text_literally(hostile_store, role):
    person = hostile_store[role]
    seen_payload = 0
    for screen in screens_for(person.roles):
        at = app_as(person, screen.file)
        shown, html = _every_fold(at)
        for text in shown:
            for pattern in INTERPRETED:
                assert not pattern.search(text), (screen.file, pattern.pattern, text[:300])
        for text in html:
            assert not HTML_MADE.search(text), (screen.file, text[:300])
        seen_payload += sum("onerror" in t for t in shown + html)
    assert seen_payload, "the hostile text was never shown: the test would prove nothing"

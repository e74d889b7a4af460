"""Small helpers shared by the screens: who is signed in, the chosen cycle, messages after a
save, and showing users' text as text. No SQL and no rules here: those live in research_cycle."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import time

import pandas as pd
import streamlit as st

from research_cycle.st_glue import cursor, leave_pages_folder_mode
from research_cycle.store.errors import PermissionDenied, WorkbenchError
from research_cycle.store.formatting import md_escape, table_date
from research_cycle.store.permissions import require


def _through_app() -> None:
    """A page file run without app.py (the server's first run, when Streamlit still treats the
    app as a pages/ folder app): leave that mode and run again through sign-in and navigation."""
    if "signed_in" not in st.session_state:
        leave_pages_folder_mode()
        st.rerun()


def person():
    """The signed-in Person (set by app.py before any page runs)."""
    _through_app()
    return st.session_state["signed_in"]


def cycle() -> dict:
    """The cycle chosen in the sidebar."""
    return st.session_state["cycle"]


def con():
    """The store cursor of this script run (never shared with an overlapping run)."""
    _through_app()
    return cursor()


def text(value: str | None, *, empty: str = "Not written yet.") -> None:
    """Show a user's text exactly as typed (Markdown and HTML are not interpreted)."""
    if value and value.strip():
        st.markdown(md_escape(value))
    else:
        st.caption(empty)


def _cell(value) -> str:
    """One cell of a plain table, as escaped text: st.table reads Markdown in every cell."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, dt.date):  # dates and times alike, as dd/mm/yyyy
        return table_date(value)
    return md_escape(str(value))


def table(frame: pd.DataFrame, *, key: str, cells: int = 60, **dataframe_options) -> None:
    """A read-only table. Up to ``cells`` cells it is a plain table, drawn in a third of the time of
    st.dataframe (which matters on pages with several), every cell and heading shown as text;
    bigger ones scroll inside st.dataframe, with ``dataframe_options``: a plain table's cost grows
    with its cells (each is Markdown), st.dataframe's hardly does."""
    if len(frame) * max(1, len(frame.columns)) > cells:
        st.dataframe(frame, hide_index=True, width="stretch", key=key, **dataframe_options)
        return
    shown = pd.DataFrame({md_escape(str(column)): [_cell(v) for v in frame[column]] for column in frame.columns})
    st.table(shown, hide_index=True, border="horizontal")


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def governor_downloads(key: str, stem: str, *, docx, xlsx, csv_label: str, csv_name: str, csv: bytes) -> None:
    """A summary page's downloads in one row (wrapping on a phone): the governors' document and the
    tables (``docx`` and ``xlsx``: functions, so each is made only when clicked) as ``<stem>.docx``
    and ``<stem>.xlsx``, and one table as ``csv_name``. Keys ``<key>_docx``, ``_xlsx``, ``_csv``."""
    row = st.container(horizontal=True)
    row.download_button("Governors' document (.docx)", docx, file_name=f"{stem}.docx", key=f"{key}_docx",
                        icon=":material/description:", mime=DOCX, on_click="ignore")
    row.download_button("Tables (.xlsx)", xlsx, file_name=f"{stem}.xlsx", key=f"{key}_xlsx",
                        icon=":material/table_view:", mime=XLSX, on_click="ignore")
    row.download_button(csv_label, csv, file_name=csv_name, key=f"{key}_csv", icon=":material/download:",
                        mime="text/csv", on_click="ignore")


def flash(message: str) -> None:
    """Remember a success message to show after the rerun that follows a save."""
    st.session_state["flash"] = message


def show_flash() -> None:
    """Show the last save's message at the top of the page, and as a toast, which appears where
    the user is looking however far down a long form (or a phone screen) they are."""
    message = st.session_state.pop("flash", None)
    if message:
        st.success(md_escape(message), icon=":material/check_circle:")
        st.toast(md_escape(message), icon=":material/check_circle:")


def refused(error: WorkbenchError) -> None:
    """Show why a save was refused. The form keeps what the user typed."""
    st.error(md_escape(f"Not saved. {error}"), icon=":material/error:")


# A second submission of exactly what was just saved, within this many seconds, is a double click
# (or a click that arrived while the first save was running), not a new item.
REPEAT_SECONDS = 120


def _fingerprint(form: str, keys, context) -> str:
    values = [(k, repr(st.session_state.get(k))) for k in sorted(keys)]
    return hashlib.sha256(repr((form, values, context)).encode()).hexdigest()


def form_keys(form: str) -> list[str]:
    """The widget keys of a form: by convention every widget in it is keyed ``<form>_<field>``."""
    prefix = f"{form}_"
    return [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix)]


def attempt(action, success, *, clear=(), form: str | None = None, context=()) -> None:
    """Run a save and say what happened.

    On success: empty the form's widgets (``form``: every widget keyed ``<form>_...``; ``clear``:
    other keys), rerun, and show ``success`` (a message, or a function making one from what the
    save returned). Refused: say why and leave the form as the user typed it.

    A repeated submission of the same form with the same values soon after it was saved (a
    double click, or a second click while the first save ran) is recognised and not stored again.
    ``context``: what else the save depends on that is not in the form (the chosen meeting and
    presenting team, say), so the same words saved for another one are not taken for a repeat."""
    keys = [*form_keys(form), *clear] if form else list(clear)
    fingerprint = _fingerprint(form, keys, repr(context)) if form else None
    saved = st.session_state.setdefault("_saves", {})
    last = saved.get(form)
    if fingerprint and last and last[0] == fingerprint and time.monotonic() - last[1] < REPEAT_SECONDS:
        for key in keys:
            st.session_state.pop(key, None)
        flash(f"Already saved: {last[2]} (a second click is not stored twice).")
        st.rerun()
    try:
        result = action()
    except WorkbenchError as exc:
        refused(exc)
        return
    message = success(result) if callable(success) else success
    if fingerprint:
        saved[form] = (fingerprint, time.monotonic(), message)
    for key in keys:
        st.session_state.pop(key, None)
    flash(message)
    st.rerun()


def allow_only(action, *, team_id: int | None = None) -> None:
    """Stop the page with the reason unless the signed-in person may do ``action``."""
    try:
        require(con(), person(), action, team_id=team_id)
    except PermissionDenied as exc:
        st.error(md_escape(str(exc)), icon=":material/block:")
        st.stop()


def chosen_enquiry(key: str):
    """The enquiry this page works on: the person's own team's (teachers), or one chosen from
    the cycle's enquiries (facilitators). Returns (enquiry_id, label) or stops the page."""
    from research_cycle import enquiries, teams

    me, cyc = person(), cycle()
    mine = teams.my_teams(con(), me, cyc["id"])
    options = {t["enquiry_id"]: f"{t['school']} — {t['name']}" for t in mine}
    if not me.has("teacher") or me.has("facilitator"):
        listing = enquiries.list_enquiries(con(), me, cyc["id"])
        options.update({int(r.id): f"{r.school} — {r.team}" for r in listing.itertuples()})
    if not options:
        st.info(f"There is no enquiry to show in {cyc['label']}: you are not in a research team this cycle.")
        st.stop()
    if len(options) == 1:
        enquiry_id = next(iter(options))
    else:
        # Another part of the page may ask to open an enquiry (a search result in another team's
        # enquiry): it leaves the wish under "<key>_wanted", applied before the box is drawn.
        wanted = st.session_state.pop(f"{key}_wanted", None)
        if wanted in options:
            st.session_state[key] = wanted
        enquiry_id = st.selectbox("Enquiry", list(options), format_func=options.get, key=key)
    return enquiry_id, options[enquiry_id]


def enquiry_page(title: str, key: str):
    """The common top of the evidence-stage pages: title, last save's message, the enquiry
    chosen, and the permission to read its evidence (else the page stops with the reason).

    Returns (enquiry_id, team_id, editable)."""
    from research_cycle.enquiries import team_of
    from research_cycle.store import clock
    from research_cycle.store.permissions import Action, can

    st.title(title)
    show_flash()
    enquiry_id, label = chosen_enquiry(key)
    team_id = team_of(con(), enquiry_id)
    allow_only(Action.READ_EVIDENCE, team_id=team_id)
    st.caption(f"{md_escape(label)} · cycle {cycle()['label']}")
    if cycle()["ends_on"] < clock.today():
        st.info(f"{cycle()['label']} has finished: its records are shown as they were, read-only.", icon=":material/lock:")
    return enquiry_id, team_id, can(con(), person(), Action.EDIT_ENQUIRY, team_id=team_id)


def privacy_hold(key: str, warnings: list[str]) -> bool:
    """Whether a save held by ``key`` may go ahead: nothing in it looks like a pupil's name, date
    of birth or UPN, or the writer has read the warnings and chosen "Save anyway". Otherwise the
    warnings are shown with that choice and "Edit first", and the form keeps what was typed.

    A page sets ``st.session_state[key] = True`` when its form is submitted and calls this while
    the key is set, popping it once the save is attempted."""
    if not warnings:
        return True
    with st.container(border=True):
        st.warning("**Not saved yet: this may identify a pupil.** Pupils are never named in the workbench.\n\n"
                   + "\n".join(f"- {md_escape(w)}" for w in warnings)
                   + "\n\nChange it (for example to 'Pupil A'), or save anyway if it is not about a pupil.",
                   icon=":material/shield_person:")
        a, b = st.columns(2)
        if a.button("Save anyway", key=f"{key}_anyway"):
            return True
        if b.button("Edit first", key=f"{key}_edit"):
            st.session_state.pop(key, None)
            st.rerun()
    return False

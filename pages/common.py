"""Small helpers shared by the screens: who is signed in, the chosen cycle, messages after a
save, and showing users' text as text. No SQL and no rules here: those live in research_cycle."""

from __future__ import annotations

import streamlit as st

from research_cycle.errors import PermissionDenied, WorkbenchError
from research_cycle.formatting import md_escape
from research_cycle.permissions import require


def person():
    """The signed-in Person (set by app.py before any page runs)."""
    return st.session_state["signed_in"]


def cycle() -> dict:
    """The cycle chosen in the sidebar."""
    return st.session_state["cycle"]


def con():
    return st.session_state["con"]


def text(value: str | None, *, empty: str = "Not written yet.") -> None:
    """Show a user's text exactly as typed (Markdown and HTML are not interpreted)."""
    if value and value.strip():
        st.markdown(md_escape(value))
    else:
        st.caption(empty)


def flash(message: str) -> None:
    """Remember a success message to show after the rerun that follows a save."""
    st.session_state["flash"] = message


def show_flash() -> None:
    message = st.session_state.pop("flash", None)
    if message:
        st.success(message, icon=":material/check_circle:")


def refused(error: WorkbenchError) -> None:
    """Show why a save was refused. The form keeps what the user typed."""
    st.error(f"Not saved. {error}", icon=":material/error:")


def allow_only(action) -> None:
    """Stop the page with the reason unless the signed-in person may do ``action``."""
    try:
        require(con(), person(), action)
    except PermissionDenied as exc:
        st.error(str(exc), icon=":material/block:")
        st.stop()

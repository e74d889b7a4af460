"""Enquiry Workbench: entry point. Page config, sign-in, cycle choice and navigation by role."""

from __future__ import annotations

import os

import streamlit as st

from research_cycle import cycles, people
from research_cycle.navigation import SCREENS, sections_for
from research_cycle.st_glue import cursor
from research_cycle.store.db import StoreLockedError
from research_cycle.store.formatting import md_escape
from research_cycle.store.vocab import ROLE_LABELS

st.set_page_config(page_title="Enquiry Workbench", page_icon="🔎", layout="wide")

DEMO = os.environ.get("WORKBENCH_DEMO") == "1"

try:
    con = cursor()
except StoreLockedError as exc:
    st.error(str(exc), icon=":material/lock:")
    st.stop()


def _signed_in_person():
    """The person signed in through the identity provider, else the demo choice."""
    user = st.user
    if user.get("is_logged_in") and user.get("email"):
        found = people.by_email(con, user.get("email"))
        if found is None:
            st.error(
                f"You are signed in as {md_escape(user.get('email'))}, but nobody with that email "
                "is in this alliance. Ask your alliance administrator to add you."
            )
            st.stop()
        return found
    if not DEMO:
        st.title("Enquiry Workbench")
        st.info("Sign-in is not set up on this server yet. To try the workbench, start it with "
                "`make run` (demo mode), or ask your administrator.")
        st.stop()
    everyone = people.demo_choices(con)
    if everyone.empty:
        st.title("Enquiry Workbench")
        st.warning("The store is empty. Create it with the sample alliance: "
                   "`python -m research_cycle init-db --sample` (or run `make run`).")
        st.stop()
    labels = {
        int(r.id): f"{r.name} — {', '.join(ROLE_LABELS[x] for x in r.roles)}" + (f" ({r.school})" if r.school else "")
        for r in everyone.itertuples()
    }
    # The choice is kept in the address (?as=ID) so that reloading the page keeps the same person.
    if "demo_person_id" not in st.session_state and st.query_params.get("as", "").isdigit():
        if int(st.query_params["as"]) in labels:
            st.session_state["demo_person_id"] = int(st.query_params["as"])
    with st.sidebar:
        chosen = st.selectbox("Demo: act as", list(labels), format_func=labels.get, key="demo_person_id",
                              help="Demo mode: choose a sample person to see the workbench as they would.")
    st.query_params["as"] = str(chosen)
    return people.get_person(con, chosen)


person = _signed_in_person()
st.session_state["signed_in"] = person

all_cycles = cycles.list_cycles(con)
if not all_cycles:
    st.warning("No cycle has been set up yet. An administrator creates one under Administration.")
by_id = {c["id"]: c for c in all_cycles}
if all_cycles:
    if st.session_state.get("cycle_id") not in by_id:
        st.session_state["cycle_id"] = cycles.current_cycle(con)["id"]
    with st.sidebar:
        st.selectbox("Cycle", list(by_id), format_func=lambda i: by_id[i]["label"], key="cycle_id",
                     help="Switch between this year's cycle and past years.")
    st.session_state["cycle"] = by_id[st.session_state["cycle_id"]]

with st.sidebar:
    st.caption(f"Signed in as **{md_escape(person.name)}** · "
               + ", ".join(ROLE_LABELS[r] for r in person.roles))

if DEMO:
    st.info("Demo: this is the sample alliance with fictional schools and people. "
            "Choose who to act as in the sidebar.", icon=":material/science:")

PAGES = {key: st.Page(s.file, title=s.title, icon=s.icon, url_path=s.url_path) for key, s in SCREENS.items()}
sections = {name: [PAGES[k] for k in keys] for name, keys in sections_for(person.roles).items()}

if not sections or not all_cycles:
    if person.has("administrator"):
        sections = {"Alliance": [PAGES["admin"]]}
    else:
        st.warning("There is nothing for your roles to see yet.")
        st.stop()

st.navigation(sections).run()

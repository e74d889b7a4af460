"""Enquiry Workbench: entry point. Page config, sign-in, cycle choice and navigation by role."""

from __future__ import annotations

import os

import streamlit as st

from research_cycle import cycles, people
from research_cycle.navigation import SCREENS, sections_for
from research_cycle.st_glue import cursor, leave_pages_folder_mode
from research_cycle.store.db import StoreLockedError
from research_cycle.store.formatting import md_escape
from research_cycle.store.vocab import ROLE_LABELS

st.set_page_config(page_title="Enquiry Workbench", page_icon="🔎", layout="wide")
if leave_pages_folder_mode():
    st.rerun()  # the server's first run: run again as a navigation app (see st_glue)

DEMO = os.environ.get("WORKBENCH_DEMO") == "1"

try:
    con = cursor()
except StoreLockedError as exc:
    st.error(str(exc), icon=":material/lock:")
    st.stop()

# Demo mode's one-click choices: the label on the button and the role it shows.
DEMO_ROLES = (("teacher", "a teacher"), ("facilitator", "a facilitator"), ("senior_leader", "a head teacher"),
              ("administrator", "the administrator"))


def _stop_at(message) -> None:
    """Show ``message`` (a function drawing the sign-in screen) as the only page and stop. The
    navigation is still set, so Streamlit never falls back to listing and running ``pages/``
    (a deep link such as /evidence then opens this screen, not the page file)."""
    st.navigation([st.Page(message, title="Enquiry Workbench", icon=":material/login:", default=True)],
                  position="hidden").run()
    st.stop()


def _demo_choice(labels: dict[int, str]) -> int:
    """The sample person chosen in the sidebar. Opens on a teacher with an active enquiry, keeps
    the choice in the address (?as=ID) so a reload keeps it, and offers one click per role."""
    wanted = st.query_params.get("as", "")
    # The choice is kept under a plain key as well as the widget's: Streamlit may drop or reset a
    # widget's state between runs, and a page switch clears ?as=. In the bench a facilitator
    # turned into the first person of the list between two page switches (the browser had sent
    # the box's default). So the box's default is always the current choice.
    current = st.session_state.get("_demo_as")
    if current not in labels:
        start = int(wanted) if wanted.isdigit() and int(wanted) in labels else None
        current = start or people.demo_representatives(con).get("teacher") or next(iter(labels))
    if st.session_state.get("demo_person_id") not in labels:
        st.session_state["demo_person_id"] = current
    with st.sidebar:
        st.caption("Demo: see it as…")
        picks = people.demo_representatives(con)
        cols = st.columns(2)
        for n, (role, label) in enumerate(DEMO_ROLES):
            if role in picks and cols[n % 2].button(label, key=f"demo_as_{role}", width="stretch"):
                st.session_state["demo_person_id"] = picks[role]
        options = list(labels)
        chosen = st.selectbox("Demo: act as", options, index=options.index(current), format_func=labels.get,
                              key="demo_person_id",
                              help="Demo mode: choose a sample person to see the workbench as they would.")
    st.session_state["_demo_as"] = chosen
    st.query_params["as"] = str(chosen)
    return chosen


def _sign_in_configured() -> bool:
    """Whether .streamlit/secrets.toml sets up sign-in with an identity provider ([auth])."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError):  # no secrets file at all
        return False


def _sign_out_button() -> None:
    if st.sidebar.button("Sign out", key="sign_out", icon=":material/logout:"):
        st.logout()


def _account_email(user) -> str:
    """The signed-in account's email: the ``email`` claim, else (Microsoft Entra ID gives no email
    claim unless it is configured) the sign-in name when it is an email address."""
    email = user.get("email") or ""
    if not email and "@" in str(user.get("preferred_username") or ""):
        email = user.get("preferred_username")
    return str(email).strip()


def _signed_in_person():
    """The person signed in through the identity provider (their account's email, any case),
    else the demo choice when demo mode is on; otherwise the sign-in screen."""
    user = st.user
    if user.get("is_logged_in"):
        email = _account_email(user)
        if not email:
            def no_email():
                st.title("Enquiry Workbench")
                st.error("Your account signed in but did not tell the workbench its email address, which is how "
                         "the workbench knows who you are. Ask your administrator to let the sign-in share the "
                         "email (README, 'Sign-in').", icon=":material/person_off:")
                _sign_out_button()
            _stop_at(no_email)
        found = people.by_email(con, email)
        if found is None:
            admins = people.administrators(con)

            def unknown():
                st.title("Enquiry Workbench")
                ask = (" (" + ", ".join(md_escape(a) for a in admins) + ")") if admins else ""
                st.error(f"You are signed in as {md_escape(email)}, but nobody with that email "
                         f"is in this alliance. Ask your administrator{ask} to add you with this email, "
                         "then sign in again.", icon=":material/person_off:")
                _sign_out_button()
            _stop_at(unknown)
        return found
    if not DEMO:
        if _sign_in_configured():
            def sign_in():
                st.title("Enquiry Workbench")
                st.write("Sign in with your school or university account.")
                if st.button("Sign in", key="sign_in", type="primary", icon=":material/login:"):
                    st.login()
            _stop_at(sign_in)

        def not_set_up():
            st.title("Enquiry Workbench")
            st.info("Sign-in is not set up on this server yet: an administrator configures it in "
                    "`.streamlit/secrets.toml` (see the README, 'Sign-in'). To try the workbench, start it "
                    "with `make run` (demo mode).")
        _stop_at(not_set_up)
    everyone = people.demo_choices(con)
    if everyone.empty:
        def empty():
            st.title("Enquiry Workbench")
            st.warning("The store is empty. Create it with the sample alliance: "
                       "`python -m research_cycle init-db --sample` (or run `make run`).")
        _stop_at(empty)
    labels = {
        int(r.id): f"{r.name} — {', '.join(ROLE_LABELS[x] for x in r.roles)}" + (f" ({r.school})" if r.school else "")
        for r in everyone.itertuples()
    }
    return people.get_person(con, _demo_choice(labels))


person = _signed_in_person()
st.session_state["signed_in"] = person

all_cycles = cycles.list_cycles(con)
if not all_cycles:
    st.warning("No cycle has been set up yet. An administrator creates one under Administration.")
by_id = {c["id"]: c for c in all_cycles}
if all_cycles:
    # The chosen cycle is kept under a plain key as well as the widget's, and is the box's default
    # (see _demo_choice): losing the widget's state never jumps back to this year's cycle.
    kept = st.session_state.get("_cycle_kept")
    current_cycle = kept if kept in by_id else cycles.current_cycle(con)["id"]
    if st.session_state.get("cycle_id") not in by_id:
        st.session_state["cycle_id"] = current_cycle
    with st.sidebar:
        choices = list(by_id)
        st.selectbox("Cycle", choices, index=choices.index(current_cycle), format_func=lambda i: by_id[i]["label"],
                     key="cycle_id", help="Switch between this year's cycle and past years.")
    st.session_state["_cycle_kept"] = st.session_state["cycle_id"]
    st.session_state["cycle"] = by_id[st.session_state["cycle_id"]]

with st.sidebar:
    st.caption(f"Signed in as **{md_escape(person.name)}** · "
               + ", ".join(ROLE_LABELS[r] for r in person.roles))
if st.user.get("is_logged_in"):
    _sign_out_button()

if DEMO:
    st.info("Demo: this is the sample alliance with fictional schools and people. Demo mode: nobody signs "
            "in, so never enter real pupils' or staff data here. Choose who to act as in the sidebar.",
            icon=":material/science:")

PAGES = {key: st.Page(s.file, title=s.title, icon=s.icon, url_path=s.url_path) for key, s in SCREENS.items()}
keys_by_section = sections_for(person.roles)
sections = {name: [PAGES[k] for k in keys] for name, keys in keys_by_section.items()}
if sections:
    # Streamlit serves its default page at "/" only, so a bookmarked /my-enquiry would say "Page
    # not found". The default is therefore a hidden copy of the person's first screen at "/", and
    # every screen keeps its own address.
    home = SCREENS[next(iter(keys_by_section.values()))[0]]
    sections[next(iter(sections))].insert(0, st.Page(home.file, title=home.title, icon=home.icon, url_path="home",
                                                     default=True, visibility="hidden"))

if not sections or not all_cycles:
    if person.has("administrator"):
        sections = {"Alliance": [PAGES["admin"]]}
    else:
        def nothing():
            st.warning("There is nothing for your roles to see yet.")
        _stop_at(nothing)

st.navigation(sections, expanded=True).run()  # every page in view, none behind "View more"

"""Meetings (facilitators): schedule cross-school meetings with a timed protocol, and put teams
from different schools in critical-friend groups: propose, see why, swap and lock. The meetings of
a finished cycle are shown read-only."""

import pandas as pd
import streamlit as st

from pages import common
from research_cycle import meetings, teams
from research_cycle.store import clock
from research_cycle.store.formatting import md_escape, uk_date
from research_cycle.store.permissions import Action, can

con, me, cycle = common.con(), common.person(), common.cycle()
common.allow_only(Action.RUN_MEETINGS)
st.title("Meetings")
common.show_flash()
editable = can(con, me, Action.RUN_MEETINGS, cycle_id=cycle["id"])
if not editable:
    st.info(f"{cycle['label']} has finished: its meetings and critical-friend groups are shown as they were.",
            icon=":material/lock:")

team_table = teams.list_teams(con, me, cycle["id"])
team_names = {int(r.id): f"{r.school} — {r.name}" for r in team_table.itertuples()}

if editable:
    # Made only while open (the page reruns as it opens): the form is not needed on most visits.
    scheduler = st.expander("Schedule a meeting", key="meetings_schedule_open", on_change="rerun")
    if scheduler.open:
        with scheduler:
            with st.form("meetings_new"):
                a, b = st.columns([2, 1])
                title = a.text_input("Title", key="meetings_new_title", placeholder="Cross-school meeting 2: emerging findings")
                held_on = b.date_input("Date", value=clock.today(), format="DD/MM/YYYY", key="meetings_new_date")
                place = st.text_input("Place", key="meetings_new_place")
                agenda = st.text_area("Agenda", key="meetings_new_agenda")
                attending = st.multiselect("Attending teams", list(team_names), default=list(team_names),
                                           format_func=team_names.get, key="meetings_new_teams")
                if st.form_submit_button("Schedule", type="primary"):
                    common.attempt(lambda: meetings.schedule(con, me, cycle_id=cycle["id"], title=title, held_on=held_on,
                                                             place=place, agenda=agenda, team_ids=attending),
                                   f"Scheduled '{title.strip()}' on {uk_date(held_on)} with {len(attending)} teams.",
                                   form="meetings_new")

listing = meetings.list_meetings(con, me, cycle["id"])
if listing.empty:
    st.info(f"No meetings scheduled in {cycle['label']} yet.")
    st.stop()
names = {int(r.id): f"{uk_date(r.held_on)} — {r.title} ({r.teams} teams)" for r in listing.itertuples()}
meeting_id = st.selectbox("Meeting", list(names), format_func=names.get, key="meetings_pick")
meeting = meetings.get_meeting(con, me, meeting_id)
st.caption(md_escape(f"{meeting['place']} · {meeting['agenda']}".strip(" ·")))

@st.fragment(run_every=1)
def countdown(phases: list, state: dict) -> None:
    """The current phase and its time left, refreshed every second without rerunning the page."""
    phase = phases[state["phase"]]
    st.markdown(f"**Phase {state['phase'] + 1} of {len(phases)}: {md_escape(phase['phase'])}**")
    if state["started"] is None:
        st.markdown(f"{phase['minutes']}:00 — press Start when the presenters begin.")
        return
    left = phase["minutes"] * 60 - int((clock.now() - state["started"]).total_seconds())
    if left > 0:
        st.markdown(f"## {left // 60}:{left % 60:02d}")
        st.progress(1 - left / (phase["minutes"] * 60))
    else:
        st.warning("Time is up for this phase: move on to the next.")


# One tab at a time, each made only while open (the page reruns as a tab opens): a facilitator
# arranges groups, sets the protocol and runs the meeting at different moments, and the whole
# page at once was one of the slowest to switch to.
tab_names = ["Critical-friend groups", "Protocol"] + (["Run the meeting"] if editable else [])
tabs = st.tabs(tab_names, key="meetings_tab", on_change="rerun")

if tabs[0].open:
    with tabs[0]:
        st.caption("Pairs of teams from different schools (a trio when numbers are odd) with similar foci, mixing school "
                   "contexts and avoiding partners who already met this cycle. Locked groups stay as they are when you "
                   "propose again.")
        if editable and st.button("Propose groups", type="primary", key="meetings_propose"):
            common.attempt(lambda: meetings.propose_groups(con, me, meeting_id),
                           lambda groups: f"Proposed {len(groups)} groups.")
        table = meetings.groups(con, me, meeting_id)
        st.dataframe(table.drop(columns=["team_id"]), hide_index=True, width="stretch", key="meetings_groups",
                     column_config={"% PP": st.column_config.NumberColumn("% pupil premium", format="%.1f")})
        grouped = table.dropna(subset=["Group"])
        if not grouped.empty:
            st.markdown("**Why these groups**")
            common.table(meetings.reasons(con, me, meeting_id), key="meetings_reasons",
                         column_config={"Why": st.column_config.TextColumn(width="large")})
        if editable and not grouped.empty:
            # Made only while open (the page reruns as it opens); the key is outside the forms' prefixes.
            adjusting = st.expander("Swap teams or lock a group", key="meetings_adjust_open", on_change="rerun")
            if adjusting.open:
                with adjusting:
                    attendees = {int(r.team_id): f"{r.School} (group {int(r.Group)})" for r in grouped.itertuples()}
                    with st.form("meetings_swap"):
                        a, b = st.columns(2)
                        first = a.selectbox("Swap", list(attendees), format_func=attendees.get, key="meetings_swap_a")
                        second = b.selectbox("with", list(attendees), format_func=attendees.get, key="meetings_swap_b")
                        if st.form_submit_button("Swap teams"):
                            common.attempt(lambda: meetings.swap(con, me, meeting_id, first, second), "Swapped the two teams.")
                    group_numbers = sorted(int(g) for g in grouped["Group"].unique())
                    locked_now = {int(g) for g in grouped.loc[grouped["Locked"], "Group"]}
                    chosen = st.selectbox("Group", group_numbers, key="meetings_lock_group")
                    if st.button("Unlock group" if chosen in locked_now else "Lock group", key="meetings_lock"):
                        common.attempt(lambda: meetings.set_locked(con, me, meeting_id, chosen, chosen not in locked_now),
                                       f"Group {chosen} {'unlocked' if chosen in locked_now else 'locked'}.")

if tabs[1].open:
    with tabs[1]:
        protocol = pd.DataFrame(meeting["protocol"])
        edited = st.data_editor(protocol, num_rows="dynamic" if editable else "fixed", hide_index=True, disabled=not editable,
                                key=f"meetings_protocol_{meeting_id}",
                                column_config={"phase": st.column_config.TextColumn("Phase", required=True),
                                               "minutes": st.column_config.NumberColumn("Minutes", required=True, step=1)})
        st.caption(f"Total {int(pd.to_numeric(edited['minutes'], errors='coerce').fillna(0).sum())} minutes.")
        if editable and st.button("Save protocol", key="meetings_protocol_save"):
            phases = edited.astype(object).where(edited.notna(), None).to_dict("records")
            common.attempt(lambda: meetings.set_protocol(con, me, meeting_id, phases), "Saved the protocol.")

if editable and tabs[2].open:
    with tabs[2]:
        st.subheader("Who came")
        people_here = meetings.attendance(con, me, meeting_id)
        labels = {int(r.person_id): f"{r.name} ({r.school})" for r in people_here.itertuples()}
        with st.form(f"meetings_attendance_{meeting_id}"):
            came = st.multiselect("Present", list(labels), format_func=labels.get, key=f"meetings_attendance_{meeting_id}_who",
                                  default=[int(p) for p in people_here[people_here["present"]]["person_id"]],
                                  placeholder="choose the people who came")
            if st.form_submit_button("Save attendance"):
                common.attempt(lambda: meetings.set_attendance(con, me, meeting_id, came),
                               f"Saved attendance: {len(came)} of {len(labels)} people came.")
        if people_here["present"].any():
            by_school = people_here[people_here["present"]].groupby("school")["name"].count()
            st.caption("Present: " + "; ".join(f"{md_escape(s)} {n}" for s, n in by_school.items())
                       + f" · {len(people_here) - int(people_here['present'].sum())} of the attending teams' members absent")

        st.subheader("Run the meeting")
        attending = meetings.groups(con, me, meeting_id)
        presenters = {int(r.team_id): f"{r.School} — {r.Team}" for r in attending.itertuples()}
        presenting = st.selectbox("Presenting team", list(presenters), format_func=presenters.get, key="meetings_presenting")
        phases = meeting["protocol"]
        state = st.session_state.setdefault("meetings_run", {"meeting": None, "phase": 0, "started": None})
        if state["meeting"] != meeting_id:
            state.update(meeting=meeting_id, phase=0, started=None)
        a, b, c = st.columns(3)
        if a.button("Start" if state["started"] is None else "Restart phase", key="meetings_run_start", type="primary"):
            state["started"] = clock.now()
        if b.button("Next phase", key="meetings_run_next", disabled=state["phase"] >= len(phases) - 1):
            state.update(phase=state["phase"] + 1, started=clock.now())
        if c.button("Back to the first phase", key="meetings_run_reset"):
            state.update(phase=0, started=None)
        countdown(phases, state)
        enquiry_id = teams.get_team(con, presenting)["enquiry_id"]
        friends = people_here[people_here["team_id"] != presenting]
        friends = friends[friends["present"]] if friends["present"].any() else friends
        speakers = {int(r.person_id): f"{r.name} ({r.school})" for r in friends.itertuples()}
        with st.form("meetings_capture"):
            st.markdown("**Capture feedback** (saved as critique on the presenting team's enquiry)")
            said_by = st.selectbox("Who said it", [None, *speakers], key="meetings_capture_said_by",
                                   format_func=lambda p: "not recorded" if p is None else speakers[p])
            kind = st.radio("Kind", ("warm", "cool", "question", "suggestion"), horizontal=True, key="meetings_capture_kind")
            text = st.text_area("Feedback", key="meetings_capture_text")
            if st.form_submit_button("Save feedback", type="primary"):
                from research_cycle import critique

                common.attempt(lambda: critique.add_critique(con, me, enquiry_id, kind=kind, text=text, source="meeting",
                                                    meeting_id=meeting_id, said_by=said_by),
                               f"Saved {kind} feedback for {presenters[presenting]}"
                               + (f" from {speakers[said_by]}." if said_by else "."), form="meetings_capture",
                               context=(meeting_id, presenting))

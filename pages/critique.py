"""Critique: what critical friends and facilitators said about our enquiry and our answer to
each item; and written critique for other teams (critical friends, or any team for facilitators)."""

import pandas as pd
import streamlit as st

from pages import common
from research_cycle import actions, critique, enquiries, evidence, teams
from research_cycle.lib.privacy import text_warnings
from research_cycle.store.formatting import md_escape, uk_date
from research_cycle.store.permissions import Action, can
from research_cycle.store.vocab import CRITIQUE_KINDS

con, me, cycle = common.con(), common.person(), common.cycle()
st.title("Critique")
common.show_flash()
mine = teams.my_teams(con, me, cycle["id"])

for team in mine:
    st.subheader(f"Critique of our enquiry — {md_escape(team['name'])}")
    items = critique.for_enquiry(con, me, team["enquiry_id"])
    open_items = items[items["response"].isna()]
    st.caption(f"{len(items)} item(s), {len(open_items)} still to answer. Every item needs an answer: what changed, "
               "or why not.")
    revisions = [r["revision_no"] for r in enquiries.revisions(con, me, team["enquiry_id"])]
    log = evidence.list_evidence(con, me, team["enquiry_id"])
    new_evidence = {None: "—", **{int(r.id): r.title for r in log.itertuples()}}
    plan = actions.list_actions(con, me, team["enquiry_id"])
    new_action = {None: "—", **{int(r.id): r.strategy for r in plan.itertuples()}}
    for row in items.itertuples():
        with st.container(border=True):
            where = row.meeting if isinstance(row.meeting, str) else row.source
            who = row.from_name if isinstance(row.from_name, str) else ""
            st.markdown(f"**{row.kind.capitalize()}** · {md_escape(where)} · {md_escape(who)} · {uk_date(row.created_at)}")
            common.text(row.text)
            if isinstance(row.response, str):
                st.markdown(f"*{row.response.capitalize()}:* {md_escape(row.response_text)}"
                            + (f" (question revision {int(row.revision_no)})" if pd.notna(row.revision_no) else "")
                            + (f" (new evidence: {md_escape(row.new_evidence)})" if isinstance(row.new_evidence, str) else "")
                            + (f" (new action: {md_escape(row.new_action)})" if isinstance(row.new_action, str) else ""))
            elif can(con, me, Action.EDIT_ENQUIRY, team_id=team["id"]):
                # Made only while open (the page reruns as it opens): a form per open item made the
                # page slow to switch to. The key is outside the form's prefix.
                answering = st.expander("Answer this item", key=f"critique_answering_open_{row.id}",
                                        on_change="rerun", icon=":material/reply:")
                if not answering.open:
                    continue
                with answering:
                    with st.form(f"critique_answer_{row.id}"):
                        accepted = st.radio("Our answer", ["Accepted", "Not accepted"], horizontal=True,
                                            key=f"critique_accept_{row.id}")
                        text = st.text_area("What changed, or why not", key=f"critique_answer_text_{row.id}")
                        a, b, c = st.columns(3)
                        revision = a.selectbox("It led to question revision (optional)", [None, *revisions],
                                               key=f"critique_revision_{row.id}")
                        led_to = b.selectbox("It led to new evidence (optional)", list(new_evidence),
                                             format_func=new_evidence.get, key=f"critique_evidence_{row.id}")
                        action_led_to = c.selectbox("It led to a new action (optional)", list(new_action),
                                                    format_func=new_action.get, key=f"critique_action_{row.id}")
                        if st.form_submit_button("Save answer", type="primary"):
                            st.session_state[f"critique_hold_answer_{row.id}"] = True
                    hold = f"critique_hold_answer_{row.id}"
                    if st.session_state.get(hold) and common.privacy_hold(hold, text_warnings("Answer", text)):
                        st.session_state.pop(hold, None)
                        common.attempt(lambda: critique.answer_critique(con, me, int(row.id), accepted=accepted == "Accepted",
                                                                        text=text, revision_no=revision, evidence_id=led_to,
                                                                        action_id=action_led_to),
                                       "Saved the answer.")

st.subheader("Give written critique")
if can(con, me, Action.RUN_MEETINGS):
    others = enquiries.list_enquiries(con, me, cycle["id"])
    targets = {int(r.id): f"{r.school} — {r.team}" for r in others.itertuples()}
else:
    friends = critique.friends_enquiries(con, me, cycle["id"])
    targets = {int(r.id): f"{r.school} — {r.team}" for r in friends.itertuples()}
if not targets:
    st.caption("Your critical friends appear here once a facilitator has paired your team at a cross-school meeting.")
else:
    with st.form("critique_give"):
        target = st.selectbox("Enquiry", list(targets), format_func=targets.get, key="critique_give_target")
        kind = st.radio("Kind", CRITIQUE_KINDS, horizontal=True, key="critique_give_kind")
        text = st.text_area("Critique", key="critique_give_text")
        if st.form_submit_button("Send critique", type="primary"):
            st.session_state["critique_hold_give"] = True
    if st.session_state.get("critique_hold_give") and common.privacy_hold("critique_hold_give",
                                                                          text_warnings("Critique", text)):
        st.session_state.pop("critique_hold_give", None)
        common.attempt(lambda: critique.add_critique(con, me, target, kind=kind, text=text),
                       f"Sent your critique to {targets[target]}.", form="critique_give")

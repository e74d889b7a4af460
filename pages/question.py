"""Question: the team's focus, question, hunch, context, target groups and ethics plan, and the
history of how the question changed."""

import streamlit as st

from pages import common
from research_cycle import critique, enquiries, teams
from research_cycle.store.errors import WorkbenchError
from research_cycle.store.formatting import diff_html, md_escape, uk_datetime
from research_cycle.store.permissions import Action, can
from research_cycle.store.vocab import TARGET_GROUPS, YEAR_GROUPS

con, me, cycle = common.con(), common.person(), common.cycle()
st.title("Question")
common.show_flash()

mine = teams.my_teams(con, me, cycle["id"])
team_id = st.session_state.get("team_id")
team = next((t for t in mine if t["id"] == team_id), mine[0] if mine else None)
if team is None:
    st.info(f"You are not in a research team in {cycle['label']}; there is no question to edit.")
    st.stop()

enquiry = enquiries.get_enquiry(con, me, team["enquiry_id"])
editable = can(con, me, Action.EDIT_ENQUIRY, team_id=team["id"])
st.caption(f"{md_escape(enquiry.team)} · {md_escape(enquiry.school)} · cycle {enquiry.cycle}")

KEYS = {f: f"question_{f}" for f in enquiries.FIELDS if f != "status"}


def load_form(e) -> None:
    """Put the stored enquiry into the form (on first view, after a save, or on request)."""
    for field, key in KEYS.items():
        st.session_state[key] = getattr(e, field)
    st.session_state["question_reason"] = ""
    st.session_state["question_prompted_by"] = ""
    st.session_state["question_loaded"] = (e.id, e.updated_at)


if st.session_state.get("question_loaded", (None,))[0] != enquiry.id:
    load_form(enquiry)

with st.form("question_form"):
    st.text_area("Focus: the concern or puzzle in our school", key=KEYS["focus"], disabled=not editable,
                 help="Required. What is worrying or puzzling you?")
    st.text_area(f"Our enquiry question (up to {enquiries.QUESTION_LIMIT} characters)", key=KEYS["question"],
                 disabled=not editable)
    left, right = st.columns(2)
    left.text_input("Reason for changing the question", key="question_reason", disabled=not editable,
                    help="Needed when you change the question: it becomes part of the write-up.")
    right.text_input("What prompted the change", key="question_prompted_by", disabled=not editable,
                     placeholder="e.g. Cross-school meeting 1, critical friends from another school")
    received = critique.for_enquiry(con, me, enquiry.id)
    prompts = {None: "—", **{int(r.id): f"{r.kind}: {r.text[:80]}" for r in received.itertuples()}}
    st.selectbox("Prompted by a critique item (optional)", list(prompts), format_func=prompts.get,
                 key="question_prompted_critique", disabled=not editable or len(prompts) == 1)
    st.text_area("Our hunch: what we believe is going on", key=KEYS["hunch"], disabled=not editable)
    st.text_area("Why it matters", key=KEYS["why_it_matters"], disabled=not editable)
    st.text_area("Context", key=KEYS["context"], disabled=not editable)
    left, right = st.columns(2)
    left.multiselect("Target learner groups", TARGET_GROUPS, key=KEYS["target_groups"], disabled=not editable)
    right.multiselect("Year groups", YEAR_GROUPS, key=KEYS["year_groups"], disabled=not editable)
    st.text_area("Ethics plan (consent, assent, right to withdraw, how data is kept)", key=KEYS["ethics_plan"],
                 disabled=not editable)
    st.checkbox("Ethics plan agreed", key=KEYS["ethics_agreed"], disabled=not editable)
    submitted = st.form_submit_button("Save", type="primary", disabled=not editable)

if submitted:
    values = {field: st.session_state[key] for field, key in KEYS.items()}
    revisions_before = len(enquiries.revisions(con, me, enquiry.id))
    try:
        saved = enquiries.update_enquiry(
            con, me, enquiry.id, values,
            reason=st.session_state["question_reason"],
            prompted_by=st.session_state["question_prompted_by"],
            prompted_critique_id=st.session_state.get("question_prompted_critique"),
            expected_updated_at=st.session_state["question_loaded"][1],
        )
    except WorkbenchError as exc:
        common.refused(exc)
    else:
        count = len(enquiries.revisions(con, me, saved.id))
        message = "Saved the enquiry."
        if count > revisions_before:
            message += f" The question is now revision {count}; its reason is in the history below."
        common.flash(message)
        st.session_state.pop("question_loaded", None)
        st.rerun()

if editable and st.button("Discard my edits and load the saved version", key="question_reload"):
    st.session_state.pop("question_loaded", None)
    st.rerun()

st.subheader("How our question changed")
history = enquiries.revisions(con, me, enquiry.id)
if not history:
    st.caption("No question has been written yet.")
for rev in reversed(history):
    with st.container(border=True):
        st.markdown(f"**Revision {rev['revision_no']}** · {uk_datetime(rev['revised_at'])} · "
                    f"{md_escape(rev['revised_by'])}")
        if rev["revision_no"] == 1:
            common.text(rev["question"])
        else:  # what was removed and added since the revision before: escaped HTML, never Markdown
            st.html(f"<div>{diff_html(rev['diff'])}</div>")
        st.markdown(f"*Why:* {md_escape(rev['reason'])}")
        if rev["prompted_by"]:
            st.markdown(f"*Prompted by:* {md_escape(rev['prompted_by'])}")
        if rev["prompted_by_critique"]:
            st.markdown(f"*In answer to critique:* {md_escape(rev['prompted_by_critique'])}")

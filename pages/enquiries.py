"""Enquiries: read what each team of the cycle is asking, and how its question changed."""

import streamlit as st

from pages import common
from research_cycle import enquiries
from research_cycle.store.formatting import md_escape, uk_datetime
from research_cycle.store.permissions import Action

con, me, cycle = common.con(), common.person(), common.cycle()
common.allow_only(Action.READ_ENQUIRY)
st.title("Enquiries")
st.caption(f"Every team's enquiry in {cycle['label']}, read-only.")

listing = enquiries.list_enquiries(con, me, cycle["id"])
if listing.empty:
    st.info("No enquiries in this cycle yet.")
    st.stop()

st.dataframe(
    listing[["school", "team", "focus", "question", "revisions", "status"]].rename(columns=str.capitalize),
    hide_index=True, width="stretch", key="enquiries_table",
)

labels = {int(r.id): f"{r.school} — {r.team}" for r in listing.itertuples()}
chosen = st.selectbox("Read one enquiry", list(labels), format_func=labels.get, key="enquiries_chosen")
e = enquiries.get_enquiry(con, me, chosen)
with st.container(border=True):
    st.subheader(md_escape(e.school))
    for label, value in (("Focus", e.focus), ("Question", e.question), ("Hunch", e.hunch),
                         ("Why it matters", e.why_it_matters), ("Context", e.context)):
        st.markdown(f"**{label}**")
        common.text(value)
    st.markdown(f"**Target learner groups:** {md_escape(', '.join(e.target_groups) or 'none chosen')}")
    st.markdown(f"**Year groups:** {md_escape(', '.join(e.year_groups) or 'none chosen')}")
    st.markdown(f"**Ethics plan** ({'agreed' if e.ethics_agreed else 'not yet agreed'})")
    common.text(e.ethics_plan)
    st.markdown("**How the question changed**")
    for rev in enquiries.revisions(con, me, e.id):
        st.markdown(f"{rev['revision_no']}. {md_escape(rev['question'])}  \n"
                    f"*{uk_datetime(rev['revised_at'])}, {md_escape(rev['revised_by'])}:* {md_escape(rev['reason'])}"
                    + (f" — prompted by {md_escape(rev['prompted_by'])}" if rev["prompted_by"] else ""))

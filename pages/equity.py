"""Equity (senior leaders, facilitators, administrators): who the cycle's enquiries are for and
what changed for them, which target groups no enquiry addresses, and whether the schools serving
the most disadvantaged pupils are taking part and being supported."""

import streamlit as st

from pages import common
from research_cycle import summaries
from research_cycle import summary_documents as documents
from research_cycle.st_glue import cursor, summary_chart
from research_cycle.store.formatting import md_escape
from research_cycle.store.permissions import Action

con, me, cycle = common.con(), common.person(), common.cycle()
common.allow_only(Action.READ_SUMMARIES)
st.title("Equity")
e = summaries.equity(con, me, cycle["id"])
label = cycle["label"]
st.caption(f"{label}: are the schools serving the most disadvantaged pupils taking part and being supported, and "
           "which groups of learners does no enquiry address?")

# Who is left out, always in view.
if e.not_addressed:
    st.warning("No enquiry this cycle names: " + md_escape(", ".join(e.not_addressed)) + ".",
               icon=":material/visibility_off:")
else:
    st.success("Every target group is addressed by at least one enquiry.")

# The governors' downloads first; then the two views in tabs, each made only while open (two
# charts and three tables at once made this one of the slowest pages to switch to).
cycle_id, slug = cycle["id"], label.replace("/", "-")
common.governor_downloads(
    "equity", f"equity-{slug}", docx=lambda: documents.equity_document(cursor(), me, cycle_id),
    xlsx=lambda: documents.workbook(summaries.equity(cursor(), me, cycle_id).tables()),
    csv_label="Schools (.csv)", csv_name=f"equity-schools-{slug}.csv", csv=documents.csv_bytes(e.schools))

groups_tab, schools_tab = st.tabs(["Target groups", "Schools by context"], key="equity_tab", on_change="rerun")
if groups_tab.open:
    with groups_tab:
        st.subheader("Enquiries and impact by target group")
        st.vega_lite_chart(summary_chart("target_group_chart", e.by_target_group), width="stretch", key="equity_groups_chart",
                           alt=documents.target_group_alt(e.by_target_group))
        common.table(e.by_target_group, key="equity_by_group",
                     column_config={"Impact for this group": st.column_config.NumberColumn(
                         help="Impact reviews that name this group among those the change was for")})

if schools_tab.open:
    with schools_tab:
        st.subheader("Schools by context and taking part")
        st.caption("Most disadvantaged (highest % pupil premium) first. Taking part counts five things: a team, evidence, "
                   "critique, a research clinic and a conference presentation.")
        if e.schools.empty:
            st.info("No schools recorded yet.")
        else:
            st.vega_lite_chart(summary_chart("context_chart", e.schools), width="stretch", key="equity_context_chart",
                               alt=documents.context_alt(e.schools))
            common.table(e.schools, key="equity_schools",
                         column_config={c: st.column_config.NumberColumn(format="%.1f")
                                        for c in ("% pupil premium", "% EAL", "% SEND")})
            st.markdown("**Taking part by context** (schools above and at or below the alliance's median)")
            common.table(e.by_context, key="equity_by_context")
        for note in e.notes:
            st.caption(md_escape(note))

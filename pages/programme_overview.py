"""Programme overview (facilitators): every team of the cycle against every stage checklist,
and the schools left out. A finished cycle is shown as it ended, with each team's outcome."""

import streamlit as st

from pages import common
from research_cycle import overview, schools
from research_cycle.store.formatting import uk_date
from research_cycle.store.permissions import Action

con, me, cycle = common.con(), common.person(), common.cycle()
common.allow_only(Action.VIEW_OVERVIEW)
st.title("Programme overview")
finished = overview.is_finished(cycle)
if finished:
    st.info(f"{cycle['label']} finished on {uk_date(cycle['ends_on'])}: shown as it was at the end of the year, "
            "read-only. 'Outcome' is the stage each team had reached.", icon=":material/lock:")
else:
    st.caption(f"Cycle {cycle['label']}: each stage shows items done / items on its checklist; 'Stuck because' "
               "lists why a team may need a nudge.")

table = overview.programme(con, me, cycle["id"])
left_out = overview.left_out(con, me, cycle["id"])
total_schools = len(schools.list_schools(con))

a, b, c, d, e = st.columns(5)
a.metric("Schools in the alliance", total_schools)
b.metric("Teams this cycle", len(table))
c.metric("Teams with a question", int((table["Enquiry question"].fillna("").str.strip() != "").sum()) if len(table) else 0)
if finished:
    d.metric("Teams that finished", int((table["Outcome"] == "Finished").sum()) if len(table) else 0)
else:
    d.metric("Teams stuck", int((table["Stuck because"] != "").sum()) if len(table) else 0)
e.metric("Schools left out", len(left_out))

# One tab at a time, each made only while open (the page reruns as a tab opens): three tables at
# once made this facilitators' first page slow to switch to. Who needs a nudge comes first.
names = (["Needs a nudge"] if not finished else []) + ["Teams and stage checklists", "Left out"]
tabs = dict(zip(names, st.tabs(names, key="overview_tab", on_change="rerun")))
if "Needs a nudge" in tabs and tabs["Needs a nudge"].open:
    with tabs["Needs a nudge"]:
        if table.empty:
            st.info("No teams in this cycle yet.")
        else:
            nudge = table[(table["Stuck because"] != "") | (table["Open critique"] > 0) | (table["Overdue follow-ups"] > 0)]
            if nudge.empty:
                st.success("No team looks stuck: evidence is coming in, critique is answered and follow-ups are on time.")
            else:
                st.caption("Teams that look stuck, with critique waiting or a follow-up overdue — most disadvantaged school "
                           "first. Every team's full grid is in the next tab.")
                st.dataframe(nudge.sort_values("% PP", ascending=False)[
                                 ["School", "Current stage", "Stuck because", "Open critique", "Overdue follow-ups"]],
                             hide_index=True, width="stretch", key="overview_nudge",
                             column_config={"Stuck because": st.column_config.TextColumn(width="large")})

if tabs["Teams and stage checklists"].open:
    with tabs["Teams and stage checklists"]:
        if table.empty:
            st.info("No teams in this cycle yet. An administrator creates them under Administration → Teams.")
        else:
            st.dataframe(
                table.drop(columns=["team_id", *(["Stuck because"] if finished else [])]), hide_index=True, width="stretch",
                key="overview_table",
                column_config={
                    "Enquiry question": st.column_config.TextColumn(width="large"),
                    "% PP": st.column_config.NumberColumn("% pupil premium", format="%.1f"),
                    "% EAL": st.column_config.NumberColumn(format="%.1f"),
                    "% SEND": st.column_config.NumberColumn(format="%.1f"),
                    "Last activity": st.column_config.DatetimeColumn(format="DD/MM/YYYY"),
                    "Stuck because": st.column_config.TextColumn(width="large"),
                },
            )

if tabs["Left out"].open:
    with tabs["Left out"]:
        st.caption("Schools with no team this cycle, or whose team has no question, no critical friend or no clinic yet "
                   "— most disadvantaged first.")
        if left_out.empty:
            st.success("Every school has a team with a question.")
        else:
            st.dataframe(left_out, hide_index=True, width="stretch", key="overview_left_out",
                         column_config={"% PP": st.column_config.NumberColumn("% pupil premium", format="%.1f")})

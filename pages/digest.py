"""Alliance digest (senior leaders, facilitators, administrators): a cycle in five minutes — how
far the teams got, what the enquiries were about, which schools worked together, what they found
and did, what comes next, and the alliance year by year. Downloads for governors."""

import streamlit as st

from pages import common
from research_cycle import summaries
from research_cycle import summary_documents as documents
from research_cycle.st_glue import cursor, summary_chart
from research_cycle.store.formatting import md_escape
from research_cycle.store.permissions import Action

con, me, cycle = common.con(), common.person(), common.cycle()
common.allow_only(Action.READ_SUMMARIES)
st.title("Alliance digest")
d = summaries.digest(con, me, cycle["id"])
label = cycle["label"]
st.caption(f"{label}: every team of the alliance, read in five minutes. Counts leave out evidence whose participants "
           "withdrew consent; no evidence item or data set is shown here.")

# The governors' downloads first; then the digest in tabs, each made only while open (a long page
# of tables and charts was the slowest page switch in the app).
cycle_id, slug = cycle["id"], label.replace("/", "-")
common.governor_downloads(
    "digest", f"alliance-digest-{slug}", docx=lambda: documents.digest_document(cursor(), me, cycle_id),
    xlsx=lambda: documents.workbook(summaries.digest(cursor(), me, cycle_id).tables()),
    csv_label="Enquiries (.csv)", csv_name=f"alliance-digest-{slug}.csv", csv=documents.csv_bytes(d.enquiries))

glance_tab, themes_tab, actions_tab, enquiries_tab = st.tabs(
    ["At a glance", "Themes and schools", "Actions", "Enquiries and years"], key="digest_tab", on_change="rerun")
if glance_tab.open:
    with glance_tab:
        # Four headline figures, and the rest as one list (a metric each was a tenth of a second
        # of drawing in the browser).
        figures = list(d.figures.items())
        for column, (name, value) in zip(st.columns(4), figures[:4]):
            column.metric(name, value)
        st.markdown("\n".join(f"- {md_escape(name)}: **{md_escape(value)}**" for name, value in figures[4:]))

        st.subheader("How far the teams got")
        if d.enquiries.empty:
            st.info(f"No teams in {label} yet.")
        else:
            st.vega_lite_chart(summary_chart("stage_chart", d.stages, label), width="stretch", key="digest_stage_chart",
                               alt=documents.stage_alt(d.stages, label))
            st.caption(md_escape(documents.stage_alt(d.stages, label)))

        st.subheader("Headline findings")
        st.caption("Best supported first. A finding resting on one method, one voice or one origin is flagged.")
        if d.findings.empty:
            st.info("No findings yet.")
        else:
            st.markdown("\n\n".join(  # one element: each finding is a paragraph
                f"{':material/verified:' if row.Support.startswith('Well') else ':material/warning:'} "
                f"**{md_escape(row.School)}**: {md_escape(row.Finding)}  \n*{md_escape(row.Support)}*"
                for row in d.findings.head(8).itertuples()))
            if len(d.findings) > 8:
                every = st.expander(f"All {len(d.findings)} findings", key="digest_findings_open", on_change="rerun")
                if every.open:  # made only while open
                    every.dataframe(d.findings[summaries.FINDING_COLUMNS], hide_index=True, width="stretch",
                                    key="digest_findings")


if themes_tab.open:
    with themes_tab:
        st.subheader("What the enquiries were about")
        themes, groups = st.columns(2)
        with themes:
            st.markdown("**Themes** (codebook tags on the evidence)")
            if d.themes.empty:
                st.caption("No evidence has been tagged yet.")
            else:
                common.table(d.themes, key="digest_themes")
        with groups:
            st.markdown("**Target learner groups**")
            if d.target_groups.empty:
                st.caption("No enquiry has named a target group yet.")
            else:
                common.table(d.target_groups, key="digest_target_groups")

        st.subheader("Schools working together")
        st.caption("Critical-friend groups at cross-school meetings, and written critique one school gave another.")
        if d.links.empty:
            st.info("No two schools have worked together yet in this cycle.")
        else:
            matrix = summaries.links_matrix(d.links, list(d.enquiries["School"]))
            if len(matrix) < d.enquiries["School"].nunique():
                st.caption(f"The {len(matrix)} schools that worked with the most others; every pair is in the list below.")
            st.vega_lite_chart(summary_chart("links_chart", matrix), width="content", key="digest_links_chart",
                               alt=documents.links_alt(d.links, matrix))
            as_list = st.expander("The same as a list", key="digest_links_open", on_change="rerun")
            if as_list.open:  # made only while open
                as_list.dataframe(d.links, hide_index=True, width="stretch", key="digest_links")


if actions_tab.open:
    with actions_tab:
        st.subheader("Actions and their impact")
        if d.actions.empty:
            st.info("No actions recorded yet.")
        else:
            common.table(d.actions, key="digest_actions",
                         column_config={"Action": st.column_config.TextColumn(width="large"),
                                        "What changed": st.column_config.TextColumn(width="large")})

        st.subheader("What is planned next")
        if d.next_steps.empty:
            st.caption("No actions are planned or in progress.")
        else:
            common.table(d.next_steps, key="digest_next")


if enquiries_tab.open:
    with enquiries_tab:
        st.subheader("The enquiries")
        common.table(d.enquiries, key="digest_enquiries",
                     column_config={"Question": st.column_config.TextColumn(width="large")})
        for note in d.notes:
            st.caption(md_escape(note))

        st.subheader("The alliance year by year")
        common.table(summaries.trends(con, me), key="digest_trends")


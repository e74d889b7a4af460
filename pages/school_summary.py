"""One school's page (head teachers: their own school; the TSA lead, facilitators and
administrators: any school): the cycle's question and how it changed, why it mattered, what the
team did, key findings with their support, actions and impact, next steps, and the school's years
in the programme. Downloads for governors."""

import streamlit as st

from pages import common
from research_cycle import summaries, writeups
from research_cycle import summary_documents as documents
from research_cycle.st_glue import cursor
from research_cycle.store.formatting import md_escape, uk_date
from research_cycle.store.permissions import Action, can

con, me, cycle = common.con(), common.person(), common.cycle()
common.allow_only(Action.READ_SCHOOL_SUMMARY)
readable = summaries.readable_schools(con, me)
if readable.empty:
    st.title("Our school")
    st.info("Your account is not linked to a school, so there is no school page to show. Ask an administrator to "
            "record your school under Administration → People.")
    st.stop()
names = dict(zip(readable["id"].astype(int), readable["name"]))
if len(names) == 1:
    school_id = next(iter(names))
    st.title(f"Our school: {md_escape(names[school_id])}")
else:
    st.title("Schools")
    school_id = st.selectbox("School", list(names), format_func=names.get, key="school_chosen")
s = summaries.school_summary(con, me, school_id, cycle["id"])
label = cycle["label"]

history = summaries.school_history(con, me, school_id)

# The governors' downloads first; then this year and the school's years in tabs, each made only
# while open (the page reruns as a tab opens).
cycle_id, slug = cycle["id"], label.replace("/", "-")
if s.writeup_ready and (can(con, me, Action.READ_WRITEUPS) or can(con, me, Action.READ_EVIDENCE,
                                                                  team_id=int(s.team["team_id"]))):
    enquiry_id = int(s.team["enquiry_id"])
    st.download_button("The team's write-up (.docx)", lambda: writeups.document(cursor(), me, enquiry_id),
                       file_name=f"write-up-{slug}.docx", key="school_writeup", icon=":material/article:",
                       mime=common.DOCX, on_click="ignore", help="The conference paper the team marked ready.")
common.governor_downloads(
    "school", f"school-summary-{slug}", docx=lambda: documents.school_document(cursor(), me, school_id, cycle_id),
    xlsx=lambda: documents.school_workbook(cursor(), me, school_id, cycle_id),
    csv_label="Across the years (.csv)", csv_name=f"school-years-{slug}.csv", csv=documents.csv_bytes(history))

year_tab, years_tab = st.tabs(["This cycle", "Across the years"], key="school_tab", on_change="rerun")
if year_tab.open:
    with year_tab:
        if s.team is None:
            st.info(f"{md_escape(s.school['name'])} had no research team in {label}. Its years in the programme are under "
                    "'Across the years'.")
        else:
            e = s.enquiry
            st.caption(f"{md_escape(s.team['team'])} · {label} · {md_escape(s.stage)}")
            st.subheader("Our question and how it changed")
            with st.container(border=True):
                common.text(e.question, empty="The question is not written yet.")
            if len(s.revisions) > 1:  # one element: the versions as a numbered list
                st.markdown("**How it changed**\n\n" + "\n".join(
                    f"{r['revision_no']}. {md_escape(r['question'])}  \n*{uk_date(r['revised_at'])}: "
                    f"{md_escape(r['reason'])}*" + (f" Prompted by {md_escape(r['prompted_by'])}." if r["prompted_by"] else "")
                    for r in s.revisions))
            st.subheader("Why it mattered")
            common.text(e.why_it_matters or e.focus)
            st.markdown(f"**For:** {md_escape(', '.join(e.target_groups) or 'no target group chosen')}")
            st.subheader("What the team did")
            st.markdown("\n".join(f"- {md_escape(line)}" for line in s.what_we_did))
            if s.worked_with:
                st.markdown("**Worked with:** " + md_escape("; ".join(s.worked_with)))
            st.subheader("What we found")
            if s.findings.empty:
                st.caption("No findings yet.")
            else:  # one element: each finding a paragraph
                st.markdown("\n\n".join(
                    f"{':material/verified:' if row.Support.startswith('Well') else ':material/warning:'} "
                    f"{md_escape(row.Finding)}  \n*{md_escape(row.Support)}*" for row in s.findings.itertuples()))
            st.subheader("Actions and impact")
            if s.actions.empty:
                st.caption("No actions recorded yet.")
            else:
                common.table(s.actions.drop(columns="School"), key="school_actions",
                             column_config={"Action": st.column_config.TextColumn(width="large"),
                                            "What changed": st.column_config.TextColumn(width="large")})
            st.subheader("Next steps")
            if s.next_steps:
                st.markdown("\n".join(f"- {md_escape(step)}" for step in s.next_steps))
            else:
                st.caption("No next steps recorded yet.")

if years_tab.open:
    with years_tab:
        if history.empty:
            st.caption("No enquiries yet.")
        else:
            common.table(history, key="school_history",
                         column_config={"Question": st.column_config.TextColumn(width="large")})

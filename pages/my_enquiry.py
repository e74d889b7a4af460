"""My enquiry: where our team is in the year, what each stage still needs, and what is next; for a
finished year, how it ended (read-only)."""

import streamlit as st

from pages import common
from research_cycle import actions, checklists, cycles, enquiries, overview, teams
from research_cycle.store.formatting import md_escape, shorten, uk_date
from research_cycle.store.vocab import STAGES

con, me, cycle = common.con(), common.person(), common.cycle()
st.title("My enquiry")
common.show_flash()

mine = teams.my_teams(con, me, cycle["id"])
if not mine:
    st.info(f"You are not in a research team in {cycle['label']}. If you should be, ask your "
            "alliance administrator to add you to your school's team.")
    st.stop()

team = mine[0]
if len(mine) > 1:
    names = {t["id"]: f"{t['name']} ({t['school']})" for t in mine}
    chosen = st.selectbox("Team", list(names), format_func=names.get, key="my_enquiry_team")
    team = next(t for t in mine if t["id"] == chosen)
st.session_state["team_id"] = team["id"]

enquiry = enquiries.get_enquiry(con, me, team["enquiry_id"])
st.markdown(f"**{md_escape(team['name'])}** · {md_escape(team['school'])} · cycle {cycle['label']}")
st.caption("Team: " + ", ".join(
    md_escape(m["name"]) + (" (lead)" if m["is_lead"] else "") for m in teams.members(con, me, team["id"])
))

st.subheader("Our question")
common.text(enquiry.question, empty="No question yet: write it on the Question page.")
st.page_link("pages/question.py", label="Edit the question and see how it changed", icon=":material/help:")

finished = overview.is_finished(cycle)
checklist = checklists.for_team(con, me, team["id"])
current = checklist.current_stage
if finished:
    st.subheader("How the year ended")
    st.info(f"{cycle['label']} finished on {uk_date(cycle['ends_on'])}. Outcome: **{overview.outcome(current)}**. "
            "This year's records are read-only.", icon=":material/lock:")
else:
    st.subheader("Where we are")
    st.markdown(f"Current stage: **{current}**" if current != "Complete" else "Every stage is complete.")
for column, stage in zip(st.columns(len(STAGES)), STAGES):
    done, total = checklist.progress(stage)
    state = "✓ ready" if done == total else (("■ ended here" if finished else "▶ now") if stage == current else "to do")
    # One Markdown element per stage (an element per checklist item was slow to draw).
    column.container(border=True).markdown("  \n".join(
        [f"**{stage}**", f"{done}/{total} · {state}", ""]
        + [("☑ " if item.done else "☐ ") + md_escape(item.label) for item in checklist.stage_items(stage)]))

if finished:
    st.stop()

st.subheader("What to do next")
steps = overview.next_steps(con, me, team, cycle)
todo, soon = st.columns(2)
with todo.container(border=True):
    st.markdown("**To answer and to do**")
    if steps["critique"].empty and steps["follow_ups"].empty:
        st.caption("No critique waiting for an answer and no clinic follow-ups open.")
    if not steps["critique"].empty:
        st.markdown("\n".join(
            f"- {row.kind.capitalize()} critique from {md_escape(row.from_name or 'a critical friend')}: "
            f"“{md_escape(shorten(row.text, 90))}”" for row in steps["critique"].head(3).itertuples()))
    if len(steps["critique"]) > 3:
        st.caption(f"…and {len(steps['critique']) - 3} more.")
    if not steps["critique"].empty:
        st.page_link("pages/critique.py", label=f"Answer critique ({len(steps['critique'])} waiting)",
                     icon=":material/forum:")
    overdue = actions.overdue_reviews(con, me, cycle["id"], team_id=team["id"])
    due_items = [f"- Follow-up from the clinic with {md_escape(row.facilitator)}: {md_escape(row.what)} "
                 f"({md_escape(row.who)}; "
                 + (f"**overdue since {uk_date(row.due_on)}**" if row.overdue else f"due {uk_date(row.due_on)}") + ")"
                 for row in steps["follow_ups"].itertuples()]
    due_items += [f"- Impact review of '{md_escape(shorten(row.action, 90))}' ({md_escape(row.owner)}): "
                  f"**overdue since {uk_date(row.review_on)}**" for row in overdue.itertuples()]
    if due_items:
        st.markdown("\n".join(due_items))
    if not overdue.empty:
        st.page_link("pages/action_plan.py", label=f"Review impact ({len(overdue)} overdue)", icon=":material/flag:")
with soon.container(border=True):
    st.markdown("**Coming soon and lately**")
    coming = [f"- Clinic with {md_escape(row.facilitator)} on {row.starts_at:%a %d %b %Y, %H:%M}: "
              f"{md_escape(row.topic)}" for row in steps["bookings"].itertuples()]
    if steps["next_date"]:
        coming.append(f"- Next date: **{uk_date(steps['next_date']['due_on'])}** — "
                      f"{md_escape(steps['next_date']['title'])}")
    if coming:
        st.markdown("\n".join(coming))
    if steps["recent"].empty:
        st.caption("No evidence yet: add the first item on the Evidence page.")
    else:
        st.markdown("Latest evidence: " + "; ".join(
            f"{md_escape(r.title)} ({uk_date(r.collected_on)})" for r in steps["recent"].itertuples()))
    st.page_link("pages/evidence.py", label="Add evidence", icon=":material/folder_open:")

st.subheader("Coming up")
upcoming = cycles.upcoming(con, cycle["id"])
if not upcoming:
    st.caption("Nothing else is on this cycle's calendar.")
else:
    st.markdown("  \n".join(f"**{uk_date(m['due_on'])}** — {md_escape(m['title'])}" for m in upcoming))

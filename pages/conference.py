"""Conference: facilitators set the day, venue and hours, add sessions (time, room, theme) and
choose who presents in each, with every clash refused in plain words; everyone reads the programme
(teachers see their own team's slot highlighted) and downloads it (.docx); a team's presentation
starter (.pptx) is offered to the team and to facilitators."""

import datetime as dt

import streamlit as st

from pages import common
from research_cycle import conference, teams
from research_cycle.st_glue import cursor
from research_cycle.store import clock
from research_cycle.store.formatting import md_escape, uk_date
from research_cycle.store.permissions import Action, can

con, me, cycle = common.con(), common.person(), common.cycle()
common.allow_only(Action.READ_CONFERENCE)
st.title("Conference")
common.show_flash()
builds = can(con, me, Action.BUILD_CONFERENCE, cycle_id=cycle["id"])
if can(con, me, Action.BUILD_CONFERENCE) and not builds:
    st.info(f"{cycle['label']} has finished: its conference is shown as it was.", icon=":material/lock:")
day = conference.get_conference(con, me, cycle["id"])
programme = conference.sessions(con, me, cycle["id"])
mine = {t["enquiry_id"]: t for t in teams.my_teams(con, me, cycle["id"])}


def hm(value) -> str:
    return value.strftime("%H:%M")


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


# --- the programme, for everyone -----------------------------------------------------------------
if day is None:
    st.info(f"The {cycle['label']} conference has not been set up yet."
            + (" Set its day, venue and hours below." if builds else ""))
else:
    st.markdown(f"**{day['held_on']:%A} {uk_date(day['held_on'])}, {hm(day['starts_at'])}–{hm(day['ends_at'])}** · "
                + md_escape(day["venue"]))
    for s in programme:
        for p in s["presenters"]:
            if p["enquiry_id"] in mine:
                st.success(md_escape(f"{p['team']} presents in '{s['title']}', {hm(s['starts_at'])}–{hm(s['ends_at'])}, "
                                     f"{s['room']} ({ordinal(p['position'])} in the running order)."),
                           icon=":material/star:")
    if not programme:
        st.caption("No sessions are on the programme yet.")
    for s in programme:
        with st.container(border=True):
            st.markdown(f"**{hm(s['starts_at'])}–{hm(s['ends_at'])} · {md_escape(s['title'])}**  \n"
                        + md_escape(s["room"]) + (f" · Theme: {md_escape(s['theme'])}" if s["theme"] else ""))
            if not s["presenters"]:
                st.caption("No presentations in this session yet.")
            lines = []
            for p in s["presenters"]:
                line = f"{p['position']}\\. **{md_escape(p['school'])}** — {md_escape(p['team'])}"
                if p["question"]:
                    line += f": *{md_escape(p['question'])}*"
                lines.append(f":orange-background[{line} ★ your team]" if p["enquiry_id"] in mine else line)
            if lines:
                st.markdown("  \n".join(lines))
    cycle_id = cycle["id"]
    st.download_button("Download the programme (.docx)", lambda: conference.programme_document(cursor(), me, cycle_id),
                       file_name=f"conference-programme-{cycle['label'].replace('/', '-')}.docx",
                       mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       key="conference_programme_docx", icon=":material/download:", on_click="ignore")


# --- presentation starters -----------------------------------------------------------------------
def starter_button(enquiry_id: int, label: str, key: str) -> None:
    """A download of the team's starter deck, built when clicked (in its own thread, with its own
    store cursor), so drawing the page never waits for the chart. The programme is offered the
    same way."""
    st.download_button(f"Presentation starter for {label} (.pptx)",
                       lambda: conference.slides(cursor(), me, enquiry_id),
                       file_name=f"presentation-starter-{enquiry_id}.pptx",
                       mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                       key=key, icon=":material/slideshow:", on_click="ignore")


if mine or builds or can(con, me, Action.BUILD_CONFERENCE):
    st.subheader("Presentation starter")
    st.caption("Six slides drafted from the enquiry's records (question, why it mattered, what we did, what we found, "
               "what we did about it, what next), with speaker notes on how to finish them. Charts show no group "
               "smaller than the alliance's threshold.")
    for enquiry_id, team in mine.items():
        starter_button(enquiry_id, md_escape(team["name"]), f"conference_slides_{enquiry_id}")
    if can(con, me, Action.BUILD_CONFERENCE):
        listing = conference.enquiries_of_cycle(con, me, cycle["id"])
        labels = {r["enquiry_id"]: f"{r['school']} — {r['team']}" for r in listing}
        if labels:
            chosen = st.selectbox("Team", list(labels), format_func=labels.get, key="conference_slides_team")
            starter_button(chosen, md_escape(labels[chosen]), "conference_slides_any")

if not builds:
    st.stop()

# --- the builder, for facilitators ---------------------------------------------------------------
st.divider()
st.header("Build the programme")
waiting = conference.without_slot(con, me, cycle["id"])
if day is not None and waiting:
    st.warning("**No slot yet:** " + "; ".join(md_escape(f"{r['school']} ({r['team']})") for r in waiting),
               icon=":material/event_busy:")
elif day is not None:
    st.caption("Every team has a slot.")

form = f"conference_day_{cycle['id']}"
st.session_state.setdefault(f"{form}_loaded", day["updated_at"] if day else None)
# The building boxes are made only while open (the page reruns as one opens): with a form per
# session, making them all on every visit was slow. Open at first where there is nothing yet.
st.session_state.setdefault("conference_day_open", day is None)
day_box = st.expander("Day, venue and hours", key="conference_day_open", on_change="rerun")
if day_box.open:
    with day_box:
        with st.form(form):
            a, b, c = st.columns(3)
            held_on = a.date_input("Date", value=day["held_on"] if day else min(max(clock.today(), cycle["starts_on"]),
                                                                                  cycle["ends_on"]),
                                   format="DD/MM/YYYY", key=f"{form}_date")
            starts = b.time_input("Starts", value=day["starts_at"] if day else dt.time(9, 0), step=900, key=f"{form}_starts")
            ends = c.time_input("Ends", value=day["ends_at"] if day else dt.time(15, 30), step=900, key=f"{form}_ends")
            venue = st.text_input("Venue", value=day["venue"] if day else "", key=f"{form}_venue",
                                  placeholder="e.g. Northvale University, Great Hall")
            if st.form_submit_button("Save the day", type="primary"):
                common.attempt(lambda: conference.save_conference(
                    con, me, cycle["id"], held_on=held_on, venue=venue, starts_at=starts, ends_at=ends,
                    expected_updated_at=st.session_state[f"{form}_loaded"]),
                    f"Saved the conference: {uk_date(held_on)}, {hm(starts)}–{hm(ends)}.", form=form)

if day is None:
    st.stop()

themes = conference.suggest_themes(con, me, cycle["id"])
if themes:
    st.caption("Themes shared by several teams (from the codebook tags on their evidence): "
               + "; ".join(md_escape(f"{t['theme']} ({len(t['schools'])} schools)") for t in themes))

st.session_state.setdefault("conference_adding_open", not programme)
adding = st.expander("Add a session", key="conference_adding_open", on_change="rerun")
if adding.open:
    with adding:
        with st.form("conference_add"):
            title = st.text_input("Title", key="conference_add_title", placeholder="e.g. Belonging and relationships")
            a, b, c = st.columns(3)
            starts = a.time_input("Starts", value=day["starts_at"], step=300, key="conference_add_starts")
            minutes = b.number_input("Length (minutes)", min_value=5, max_value=600, step=5, value=60,
                                     key="conference_add_minutes")
            room = c.text_input("Room", key="conference_add_room")
            theme = st.text_input("Theme", key="conference_add_theme",
                                  placeholder=themes[0]["theme"] if themes else "e.g. Oracy")
            if st.form_submit_button("Add session", type="primary"):
                common.attempt(lambda: conference.add_session(con, me, cycle["id"], title=title, starts_at=starts,
                                                              minutes=minutes, room=room, theme=theme),
                               f"Added '{title.strip()}' at {hm(starts)}.", form="conference_add")

teams_list = conference.enquiries_of_cycle(con, me, cycle["id"])
team_labels = {r["enquiry_id"]: f"{r['school']} — {r['team']}" for r in teams_list}
for s in programme:
    form = f"conference_session_{s['id']}"
    version = f"conference_version_{s['id']}"
    st.session_state.setdefault(version, s["updated_at"])
    box = st.expander(f"Edit: {hm(s['starts_at'])} " + md_escape(f"{s['title']} ({s['room']})"),
                      key=f"conference_edit_open_{s['id']}", on_change="rerun")
    if not box.open:
        continue
    with box:
        with st.form(form):
            title = st.text_input("Title", value=s["title"], key=f"{form}_title")
            a, b, c = st.columns(3)
            starts = a.time_input("Starts", value=s["starts_at"].time(), step=300, key=f"{form}_starts")
            minutes = b.number_input("Length (minutes)", min_value=5, max_value=600, step=5, value=int(s["minutes"]),
                                     key=f"{form}_minutes")
            room = c.text_input("Room", value=s["room"], key=f"{form}_room")
            theme = st.text_input("Theme", value=s["theme"], key=f"{form}_theme")
            presenters = st.multiselect("Presenting, in running order", list(team_labels),
                                        default=[p["enquiry_id"] for p in s["presenters"]],
                                        format_func=team_labels.get, key=f"{form}_presenters")
            if st.form_submit_button("Save this session", type="primary"):
                common.attempt(lambda: conference.update_session(
                    con, me, s["id"], title=title, starts_at=starts, minutes=minutes, room=room, theme=theme,
                    enquiry_ids=presenters, expected_updated_at=st.session_state[version]),
                    f"Saved '{title.strip()}' with {len(presenters)} presentation{'' if len(presenters) == 1 else 's'}.", form=form, clear=(version,))
        a, b = st.columns(2)
        if a.button("Remove this session", key=f"conference_remove_{s['id']}"):
            common.attempt(lambda: conference.delete_session(con, me, s["id"], expected_updated_at=st.session_state[version]),
                           f"Removed '{s['title']}' from the programme.", clear=(version,))
        if b.button("Show the latest saved version", key=f"conference_reload_{s['id']}",
                    help="After another facilitator's change: drop your edits to this session and load theirs."):
            for key in [*common.form_keys(form), version]:
                st.session_state.pop(key, None)
            st.rerun()

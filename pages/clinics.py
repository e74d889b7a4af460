"""Clinics: facilitators publish research-clinic slots and record advice and follow-ups; teams
book a slot with a topic, cancel it, and download it as a calendar invitation."""

import datetime as dt

import streamlit as st

from pages import common
from research_cycle import clinics, teams
from research_cycle.store import clock
from research_cycle.store.formatting import md_escape, uk_date, uk_datetime
from research_cycle.store.permissions import Action, can

con, me, cycle = common.con(), common.person(), common.cycle()
st.title("Research clinics")
common.show_flash()
runs = can(con, me, Action.RUN_CLINICS)
mine = teams.my_teams(con, me, cycle["id"])
slots = clinics.list_slots(con, me, cycle["id"])
upcoming = slots[slots["starts_at"] >= clock.now()]

if runs:
    with st.expander("Publish a clinic slot", expanded=upcoming.empty):
        with st.form("clinics_publish"):
            a, b, c = st.columns(3)
            day = a.date_input("Date", value=clock.today() + dt.timedelta(days=7), format="DD/MM/YYYY", key="clinics_day")
            time = b.time_input("Starts", value=dt.time(15, 45), step=900, key="clinics_time")
            minutes = c.number_input("Length (minutes)", min_value=10, max_value=240, value=45, step=5, key="clinics_minutes")
            a, b = st.columns(2)
            place = a.text_input("Place", key="clinics_place", placeholder="e.g. University, room 2.14")
            link = b.text_input("Online link", key="clinics_link", placeholder="https://…")
            if st.form_submit_button("Publish slot", type="primary"):
                starts = dt.datetime.combine(day, time)
                common.attempt(lambda: clinics.publish_slot(con, me, cycle_id=cycle["id"], starts_at=starts,
                                                            minutes=minutes, place=place, link=link),
                               f"Published a clinic on {uk_datetime(starts)}.")

st.subheader("Coming up")
if upcoming.empty:
    st.caption("No clinic slots are published for the coming weeks yet.")
else:
    shown = upcoming.assign(
        when=[uk_datetime(t) for t in upcoming["starts_at"]],
        where=[link or place for place, link in zip(upcoming["place"], upcoming["link"])],
        booked=[f"{s} — {t}" if isinstance(t, str) else "free" for s, t in zip(upcoming["school"], upcoming["topic"])])
    st.dataframe(shown[["when", "minutes", "where", "facilitator", "booked"]], hide_index=True, width="stretch",
                 key="clinics_slots", column_config={"when": "When", "minutes": "Minutes", "where": "Where",
                                                     "facilitator": "Facilitator", "booked": "Booked by"})

free = upcoming[upcoming["booking_id"].isna()]
if mine and not free.empty:
    team = mine[0]
    labels = {int(r.id): f"{uk_datetime(r.starts_at)} with {r.facilitator} ({r.link or r.place})" for r in free.itertuples()}
    with st.form("clinics_book"):
        st.markdown(f"**Book a clinic for {md_escape(team['name'])}**")
        slot_id = st.selectbox("Slot", list(labels), format_func=labels.get, key="clinics_slot")
        topic = st.text_input("Topic", key="clinics_topic", placeholder="e.g. Designing our pupil interviews")
        help_wanted = st.text_area("What would you like help with?", key="clinics_help")
        if st.form_submit_button("Book", type="primary"):
            common.attempt(lambda: clinics.book(con, me, slot_id, team_id=team["id"], topic=topic, help_wanted=help_wanted),
                           f"Booked the clinic on {labels[slot_id]}. Download the invitation below.",
                           clear=["clinics_topic", "clinics_help"])

for team in mine:
    st.subheader(f"Our bookings — {md_escape(team['name'])}")
    bookings = clinics.bookings_for_team(con, me, team["id"])
    if bookings.empty:
        st.caption("No clinics booked yet.")
    for b in bookings.itertuples():
        state = "cancelled" if b.cancelled_at is not None and str(b.cancelled_at) != "NaT" else "booked"
        with st.container(border=True):
            st.markdown(f"**{uk_datetime(b.starts_at)}** · {md_escape(b.topic)} · with {md_escape(b.facilitator)} · {state}")
            if b.advice:
                st.markdown("*Advice:* " + md_escape(b.advice))
            for f in clinics.follow_ups(con, me, int(b.id)).itertuples():
                st.markdown(("☑ " if f.done else "☐ ") + f"{md_escape(f.what)} — {md_escape(f.who)}, by {uk_date(f.due_on)}")
            if state == "booked":
                a, b2 = st.columns(2)
                a.download_button("Calendar invitation (.ics)", clinics.invitation(con, me, int(b.id)),
                                  file_name=f"clinic-{b.id}.ics", mime="text/calendar", key=f"clinics_ics_{b.id}")
                if b2.button("Cancel this booking", key=f"clinics_cancel_{b.id}"):
                    common.attempt(lambda: clinics.cancel(con, me, int(b.id)), "Cancelled; the slot is free again.")

if runs:
    booked = slots[slots["booking_id"].notna()]
    st.subheader("Record a clinic")
    if booked.empty:
        st.caption("No bookings in this cycle yet.")
    else:
        labels = {int(r.booking_id): f"{uk_datetime(r.starts_at)} — {r.school}: {r.topic}" for r in booked.itertuples()}
        booking_id = st.selectbox("Booking", list(labels), format_func=labels.get, key="clinics_record_pick")
        with st.form(f"clinics_record_{booking_id}"):
            notes = st.text_area("Notes")
            advice = st.text_area("Advice given")
            if st.form_submit_button("Save notes and advice", type="primary"):
                common.attempt(lambda: clinics.record_advice(con, me, booking_id, notes=notes, advice=advice),
                               "Saved the clinic notes and advice.")
        with st.form(f"clinics_follow_{booking_id}"):
            a, b, c = st.columns([3, 2, 1])
            what = a.text_input("Follow-up")
            who = b.text_input("Who")
            due = c.date_input("By when", value=clock.today() + dt.timedelta(days=14), format="DD/MM/YYYY")
            if st.form_submit_button("Add follow-up"):
                common.attempt(lambda: clinics.add_follow_up(con, me, booking_id, what=what, who=who, due_on=due),
                               "Added the follow-up.")

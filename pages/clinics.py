"""Clinics: facilitators publish research-clinic slots (and move or withdraw them), record notes,
advice and follow-ups; teams book a slot with a topic, cancel it, download a calendar invitation
and tick off follow-ups."""

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


def slot_fields(form: str, slot=None):
    """Date, start, length, place and link widgets of a slot form (keyed ``<form>_<field>``)."""
    a, b, c = st.columns(3)
    start = slot["starts_at"] if slot is not None else dt.datetime.combine(clock.today() + dt.timedelta(days=7),
                                                                           dt.time(15, 45))
    day = a.date_input("Date", value=start.date(), format="DD/MM/YYYY", key=f"{form}_day")
    time = b.time_input("Starts", value=start.time(), step=900, key=f"{form}_time")
    minutes = c.number_input("Length (minutes)", min_value=10, max_value=240, step=5,
                             value=int(slot["minutes"]) if slot is not None else 45, key=f"{form}_minutes")
    a, b = st.columns(2)
    place = a.text_input("Place", value=slot["place"] if slot is not None else "", key=f"{form}_place",
                         placeholder="e.g. University, room 2.14")
    link = b.text_input("Online link", value=slot["link"] if slot is not None else "", key=f"{form}_link",
                        placeholder="https://…")
    return dt.datetime.combine(day, time), minutes, place, link


if runs:
    # Folded boxes are made only while open (the page reruns as one opens). Open at first when
    # nothing is published; the key is not under the form's prefix, so a save leaves it open.
    st.session_state.setdefault("clinics_publishing_open", upcoming.empty)
    publishing = st.expander("Publish a clinic slot", key="clinics_publishing_open", on_change="rerun")
    if publishing.open:
        with publishing, st.form("clinics_publish"):
            starts, minutes, place, link = slot_fields("clinics_publish")
            if st.form_submit_button("Publish slot", type="primary"):
                common.attempt(lambda: clinics.publish_slot(con, me, cycle_id=cycle["id"], starts_at=starts,
                                                            minutes=minutes, place=place, link=link),
                               f"Published a clinic on {uk_datetime(starts)}.", form="clinics_publish")

st.subheader("Coming up")
if upcoming.empty:
    st.caption("No clinic slots are published for the coming weeks yet.")
else:
    shown = upcoming.assign(
        when=[uk_datetime(t) for t in upcoming["starts_at"]],
        where=[link or place for place, link in zip(upcoming["place"], upcoming["link"])],
        booked=[f"{s} — {t}" if isinstance(t, str) else "free" for s, t in zip(upcoming["school"], upcoming["topic"])])
    common.table(shown[["when", "minutes", "where", "facilitator", "booked"]].rename(columns={
        "when": "When", "minutes": "Minutes", "where": "Where", "facilitator": "Facilitator", "booked": "Booked by"}),
        key="clinics_slots")

if mine and not upcoming.empty:
    team = mine[0]
    # Every upcoming slot stays in the list, taken ones marked: if the chosen slot goes while the
    # user fills in the form, Book is refused for that slot rather than landing on another one.
    taken = dict(zip(upcoming["id"].astype(int), upcoming["booking_id"].notna()))
    labels = {int(r.id): f"{uk_datetime(r.starts_at)} with {r.facilitator} ({r.link or r.place})"
              + (" — already booked" if taken[int(r.id)] else "") for r in upcoming.itertuples()}
    free = [i for i, gone in taken.items() if not gone]
    if st.session_state.get("clinics_book_slot") not in labels:
        st.session_state["clinics_book_slot"] = free[0] if free else next(iter(labels))
    with st.form("clinics_book"):
        st.markdown(f"**Book a clinic for {md_escape(team['name'])}**")
        slot_id = st.selectbox("Slot", list(labels), format_func=labels.get, key="clinics_book_slot")
        topic = st.text_input("Topic", key="clinics_book_topic", placeholder="e.g. Designing our pupil interviews")
        help_wanted = st.text_area("What would you like help with?", key="clinics_book_help")
        if st.form_submit_button("Book", type="primary"):
            common.attempt(lambda: clinics.book(con, me, slot_id, team_id=team["id"], topic=topic, help_wanted=help_wanted),
                           f"Booked the clinic on {labels[slot_id]}. Download the invitation below.",
                           form="clinics_book")

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
                done = st.checkbox(f"{f.what} — {f.who}, by {uk_date(f.due_on)}", value=bool(f.done),
                                   key=f"clinics_done_{f.id}")
                if done != bool(f.done):
                    common.attempt(lambda: clinics.set_follow_up_done(con, me, int(f.id), done),
                                   f"Marked '{f.what}' as {'done' if done else 'not done'}.")
            if state == "booked":
                a, b2 = st.columns(2)
                a.download_button("Calendar invitation (.ics)", clinics.invitation(con, me, int(b.id)),
                                  file_name=f"clinic-{b.id}.ics", mime="text/calendar", key=f"clinics_ics_{b.id}")
                if b2.button("Cancel this booking", key=f"clinics_cancel_{b.id}"):
                    common.attempt(lambda: clinics.cancel(con, me, int(b.id)), "Cancelled; the slot is free again.")

if runs:
    own = upcoming[upcoming["facilitator_id"] == me.id]
    if not own.empty:
        st.subheader("My clinic slots")
        own_labels = {int(r.id): f"{uk_datetime(r.starts_at)} ({r.link or r.place})"
                      + (f" — booked by {r.school}" if isinstance(r.school, str) else " — free") for r in own.itertuples()}
        moving = st.expander("Move or withdraw a slot", key="clinics_moving_open", on_change="rerun")
        if moving.open:
            with moving:
                slot_pick = st.selectbox("Slot", list(own_labels), format_func=own_labels.get, key="clinics_own_pick")
                chosen_slot = own.set_index("id").loc[slot_pick]
                with st.form(f"clinics_move_{slot_pick}"):
                    starts, minutes, place, link = slot_fields(f"clinics_move_{slot_pick}", chosen_slot)
                    a, b = st.columns(2)
                    if a.form_submit_button("Save changes to this slot"):
                        common.attempt(lambda: clinics.update_slot(con, me, slot_pick, starts_at=starts, minutes=minutes,
                                                                   place=place, link=link),
                                       f"Moved the clinic to {uk_datetime(starts)}.", form=f"clinics_move_{slot_pick}")
                    if b.form_submit_button("Withdraw this slot"):
                        common.attempt(lambda: clinics.withdraw_slot(con, me, slot_pick),
                                       f"Withdrew the clinic on {uk_datetime(chosen_slot['starts_at'])}.")

    booked = slots[slots["booking_id"].notna() & (slots["facilitator_id"] == me.id)]
    st.subheader("Record a clinic")
    if booked.empty:
        st.caption("None of your clinics in this cycle is booked yet.")
    else:
        labels = {int(r.booking_id): f"{uk_datetime(r.starts_at)} — {r.school}: {r.topic}" for r in booked.itertuples()}
        booking_id = st.selectbox("Booking", list(labels), format_func=labels.get, key="clinics_record_pick")
        booking = clinics.get_booking(con, me, booking_id)
        if booking["help_wanted"]:
            st.markdown("*They would like help with:* " + md_escape(booking["help_wanted"]))
        # Reopening a booking shows what was recorded; the form starts from it.
        with st.form(f"clinics_record_{booking_id}"):
            notes = st.text_area("Notes", value=booking["notes"], key=f"clinics_record_{booking_id}_notes")
            advice = st.text_area("Advice given", value=booking["advice"], key=f"clinics_record_{booking_id}_advice")
            if st.form_submit_button("Save notes and advice", type="primary"):
                common.attempt(lambda: clinics.record_advice(con, me, booking_id, notes=notes, advice=advice),
                               "Saved the clinic notes and advice.", form=f"clinics_record_{booking_id}")
        for f in booking["follow_ups"]:
            st.markdown(("☑ " if f["done"] else "☐ ") + f"{md_escape(f['what'])} — {md_escape(f['who'])}, "
                        f"by {uk_date(f['due_on'])}")
        with st.form(f"clinics_follow_{booking_id}"):
            a, b, c = st.columns([3, 2, 1])
            what = a.text_input("Follow-up", key=f"clinics_follow_{booking_id}_what")
            who = b.text_input("Who", key=f"clinics_follow_{booking_id}_who")
            due = c.date_input("By when", value=clock.today() + dt.timedelta(days=14), format="DD/MM/YYYY",
                               key=f"clinics_follow_{booking_id}_due")
            if st.form_submit_button("Add follow-up"):
                common.attempt(lambda: clinics.add_follow_up(con, me, booking_id, what=what, who=who, due_on=due),
                               f"Added the follow-up '{what.strip()}'.", form=f"clinics_follow_{booking_id}")

"""Evidence: the team's log of evidence from its own practice and from wider research, with
filters, full-text search, files and photos, the literature library and data sets."""


import streamlit as st

from pages import common
from research_cycle import codebook, evidence, teams
from research_cycle.store import clock, search
from research_cycle.store.formatting import md_escape, table_date, uk_date
from research_cycle.store.permissions import Action, can
from research_cycle.store.vocab import CONSENT, EVIDENCE_KINDS, ORIGINS, SENSITIVITY, TAG_STATUSES, VOICES

con, me, cycle = common.con(), common.person(), common.cycle()
enquiry_id, team_id, editable = common.enquiry_page("Evidence", "evidence_enquiry")

tags = codebook.usable_tags(con, me)
tag_names = {int(r.id): r.name + (" (proposed)" if r.status == "proposed" else "") for r in tags.itertuples()}
staff = {m["person_id"]: m["name"] for m in teams.members(con, me, team_id)}


VIEWS = ("Log and search", "Add evidence")
view = st.segmented_control("Show", VIEWS, default=VIEWS[0], required=True, key="evidence_view",
                            label_visibility="collapsed") if editable else VIEWS[0]

if view == "Add evidence":
    st.caption("Only the first four fields are needed now; add the details later from the log.")
    with st.form("evidence_add", clear_on_submit=False):
        title = st.text_input("Title", key="evidence_add_title", placeholder="e.g. Year 4 maths lesson: paired talk")
        a, b, c = st.columns(3)
        kind = a.selectbox("Kind", EVIDENCE_KINDS, key="evidence_add_kind")
        origin = b.selectbox("Origin", ORIGINS, key="evidence_add_origin")
        collected = c.date_input("Collected on", value=clock.today(), format="DD/MM/YYYY", key="evidence_add_date")
        summary = st.text_area("Summary", key="evidence_add_summary", height=90)
        voices = st.multiselect("Voices heard", VOICES, key="evidence_add_voices")
        with st.expander("Take a photo with this device's camera"):
            photo = st.camera_input("Photo", key="evidence_add_photo")
        files = st.file_uploader("Attach files (optional)", accept_multiple_files=True, key="evidence_add_files")
        submitted = st.form_submit_button("Add to the log", type="primary")
    if submitted:
        st.session_state["evidence_hold_add"] = True
    if st.session_state.get("evidence_hold_add"):
        values = {"title": title, "kind": kind, "origin": origin, "collected_on": collected, "summary": summary,
                  "voices": voices, "collected_by": me.id if me.id in staff else None}
        if common.privacy_hold("evidence_hold_add", evidence.privacy_warnings(values)):
            st.session_state.pop("evidence_hold_add", None)
            uploads = [(f.name, f.getvalue()) for f in files or []]
            if photo is not None:
                uploads.append((f"photo-{clock.now():%Y%m%d-%H%M%S}.jpg", photo.getvalue()))
            common.attempt(lambda: evidence.add_evidence(con, me, enquiry_id, values, files=uploads),
                           f"Added '{title.strip()}' to the evidence log" + (f" with {len(uploads)} file(s)." if uploads else "."),
                           form="evidence_add", context=enquiry_id)

else:
    st.session_state.pop("evidence_hold_add", None)  # the held form is no longer on the screen
    query = st.text_input("Search evidence and literature", key="evidence_query",
                          placeholder="words to find in titles, summaries, notes, quotes and literature")
    if query.strip():
        scope, where = [enquiry_id], {}
        # Only those who may read every team's evidence (facilitators) are offered the whole cycle.
        if can(con, me, Action.READ_EVIDENCE) and st.checkbox("Search every enquiry in the cycle", key="evidence_all"):
            from research_cycle import enquiries

            listing = enquiries.list_enquiries(con, me, cycle["id"])
            scope = [int(i) for i in listing["id"]]
            where = {int(r.id): f"{r.school} — {r.team}" for r in listing.itertuples()}
        found = search.search(con, me, query, scope)
        found["from"] = [where.get(int(e), "this enquiry") for e in found["enquiry_id"]]
        st.markdown(f"**{len(found)} match{'es' if len(found) != 1 else ''}** for “{md_escape(query.strip())}”"
                    + (" · choose a row to open the item" if len(found) else ""))
        picked = st.dataframe(
            found[["source", "from", "title", "match", "score"]], hide_index=True, width="stretch",
            key="evidence_results", on_select="rerun", selection_mode="single-row", column_config={
                "source": "Found in", "from": "School and team", "title": "Title",
                "match": st.column_config.TextColumn("Matching text", width="large"),
                "score": st.column_config.NumberColumn("Relevance", format="%.2f")})
        rows = picked.selection.rows if picked else []
        if rows:
            hit = found.iloc[rows[0]]
            if hit["source"] == "literature":
                st.caption("That match is in the literature library: open Literature to see it.")
            elif st.session_state.get("evidence_opened_hit") != (query, rows[0]):
                # Open the item (once per choice), in its own enquiry: facilitators may be looking
                # at another one.
                st.session_state["evidence_opened_hit"] = (query, rows[0])
                st.session_state["evidence_enquiry_wanted"] = int(hit["enquiry_id"])
                st.session_state["evidence_open"] = int(hit["source_id"])
                st.rerun()

    # The filters are made only while their box is open (six widgets on every visit were a good part
    # of this page's drawing time); what was chosen is kept under a plain key, so closing the box
    # keeps the filters on, and reopening it shows them.
    chosen_filters = st.session_state.setdefault("_evidence_filters", {})
    filters = st.expander("Filters", key="evidence_filters_open", on_change="rerun")
    if filters.open:
        for key, value in chosen_filters.items():
            st.session_state.setdefault(key, value)
        with filters:
            a, b, c = st.columns(3)
            a.multiselect("Kind", EVIDENCE_KINDS, key="evidence_f_kind")
            b.multiselect("Origin", ORIGINS, key="evidence_f_origin")
            c.multiselect("Voice", VOICES, key="evidence_f_voice")
            a, b, c = st.columns(3)
            a.multiselect("Tag", list(tag_names), format_func=tag_names.get, key="evidence_f_tag")
            b.date_input("Collected between", value=(), format="DD/MM/YYYY", key="evidence_f_dates")
            c.selectbox("Collected by", [None, *staff], format_func=lambda i: "anyone" if i is None else staff[i],
                        key="evidence_f_who")
        chosen_filters.update({key: st.session_state[key] for key in (
            "evidence_f_kind", "evidence_f_origin", "evidence_f_voice", "evidence_f_tag", "evidence_f_dates",
            "evidence_f_who")})
    kinds, origins, voice = (chosen_filters.get(k, []) for k in ("evidence_f_kind", "evidence_f_origin", "evidence_f_voice"))
    tag_filter = [t for t in chosen_filters.get("evidence_f_tag", []) if t in tag_names]
    dates, who = chosen_filters.get("evidence_f_dates", ()), chosen_filters.get("evidence_f_who")
    who = who if who in staff else None
    if not filters.open and (kinds or origins or voice or tag_filter or dates or who):
        parts = [", ".join(kinds + origins + voice), ", ".join(tag_names[t] for t in tag_filter),
                 " to ".join(uk_date(d) for d in dates), staff.get(who, "")]
        st.caption("Filtered: " + md_escape("; ".join(part for part in parts if part)))
    date_from = dates[0] if len(dates) >= 1 else None
    date_to = dates[1] if len(dates) == 2 else None
    log = evidence.list_evidence(con, me, enquiry_id, kinds=kinds, origins=origins, voices=voice, tag_ids=tag_filter,
                                 date_from=date_from, date_to=date_to, collected_by=who)
    st.markdown(f"**{len(log)} item{'s' if len(log) != 1 else ''}** in the log")
    if not log.empty:
        st.dataframe(log[["collected_on", "title", "kind", "origin", "voices", "tags", "files", "collected_by"]],
                     hide_index=True, width="stretch", key="evidence_log", column_config={
                         "collected_on": st.column_config.DateColumn("Date", format="DD/MM/YYYY"),
                         "title": "Title", "kind": "Kind", "origin": "Origin", "voices": "Voices", "tags": "Tags",
                         "files": "Files", "collected_by": "Collected by"})

        items = {int(r.id): f"{table_date(r.collected_on)} — {r.title}" for r in log.itertuples()}
        chosen = st.selectbox("Open an item", list(items), format_func=items.get, key="evidence_open")
        item = evidence.get_evidence(con, me, chosen)
        with st.container(border=True):
            st.subheader(md_escape(item["title"]))
            st.caption(f"{item['kind']} · {item['origin']} · {uk_date(item['collected_on'])}"
                       + (f" · collected by {md_escape(item['collected_by_name'])}" if item["collected_by_name"] else "")
                       + f" · consent: {item['consent']} · sensitivity: {item['sensitivity']}")
            common.text(item["summary"], empty="No summary yet.")
            for quote in item["quotes"]:
                st.markdown("> " + md_escape(quote))
            if item["tags"]:
                st.markdown("**Tags:** " + md_escape(", ".join(item["tags"])))
            for att in evidence.attachments(con, me, chosen):
                name, mime, data = evidence.attachment_content(con, me, att["id"])
                if mime.startswith("image/"):
                    try:
                        st.image(data, caption=name, width=360)
                    except Exception:  # noqa: BLE001 - a damaged picture stored before uploads were checked
                        st.caption(f"Preview not available: {md_escape(name)} cannot be read as a picture. "
                                   "Download it to check, or remove it.")
                a, b = st.columns([4, 1])
                a.download_button(f"Download {md_escape(name)} ({att['size_bytes'] / 1024:.0f} KB)", data, file_name=name,
                                  mime=mime, key=f"evidence_dl_{att['id']}")
                if editable and b.button("Remove file", key=f"evidence_rm_{att['id']}"):
                    common.attempt(lambda: evidence.delete_attachment(con, me, att["id"]),
                                   f"Removed the file {name} from '{item['title']}'.")

        if editable:
            edit = f"evidence_edit_{chosen}"
            # The form is made only while it is open (the page reruns as it opens): reading the log is
            # the common case, and fifteen folded widgets slowed every visit to the page.
            editor = st.expander("Edit this item", key="evidence_edit_open", on_change="rerun", icon=":material/edit:")
            if editor.open:
                with editor:
                    with st.form(edit):
                        title = st.text_input("Title", value=item["title"], key=f"{edit}_title")
                        a, b, c = st.columns(3)
                        kind = a.selectbox("Kind", EVIDENCE_KINDS, index=EVIDENCE_KINDS.index(item["kind"]), key=f"{edit}_kind")
                        origin = b.selectbox("Origin", ORIGINS, index=ORIGINS.index(item["origin"]), key=f"{edit}_origin")
                        collected = c.date_input("Collected on", value=item["collected_on"], format="DD/MM/YYYY",
                                                 key=f"{edit}_date")
                        voices = st.multiselect("Voices heard", VOICES, default=item["voices"], key=f"{edit}_voices")
                        a, b = st.columns([3, 1])
                        participants = a.text_input("Participants (who)", value=item["participants"], key=f"{edit}_participants")
                        count = b.number_input("How many", min_value=0, value=item["participant_count"] or 0, step=1,
                                               key=f"{edit}_count")
                        summary = st.text_area("Summary", value=item["summary"], key=f"{edit}_summary")
                        notes = st.text_area("Notes", value=item["notes"], key=f"{edit}_notes")
                        quotes = st.text_area("Quotes or excerpts (one per line)", value="\n".join(item["quotes"]),
                                              key=f"{edit}_quotes")
                        chosen_tags = st.multiselect("Codebook tags", list(tag_names), default=[t for t in item["tag_ids"] if t in tag_names],
                                                     format_func=tag_names.get, key=f"{edit}_tags")
                        a, b = st.columns(2)
                        consent = a.selectbox("Consent", CONSENT, index=CONSENT.index(item["consent"]), key=f"{edit}_consent",
                                              help="BERA guidelines: if a participant withdraws, their data leaves analyses and documents.")
                        sensitivity = b.selectbox("Sensitivity", SENSITIVITY, index=SENSITIVITY.index(item["sensitivity"]),
                                                  key=f"{edit}_sensitivity")
                        more = st.file_uploader("Attach more files", accept_multiple_files=True, key=f"{edit}_files")
                        if st.form_submit_button("Save changes", type="primary"):
                            st.session_state[f"evidence_hold_{chosen}"] = True
                    if st.session_state.get(f"evidence_hold_{chosen}"):
                        values = {"title": title, "kind": kind, "origin": origin, "collected_on": collected, "voices": voices,
                                  "participants": participants, "participant_count": count or None, "summary": summary,
                                  "notes": notes, "quotes": quotes.splitlines(), "consent": consent, "sensitivity": sensitivity}
                        if common.privacy_hold(f"evidence_hold_{chosen}", evidence.privacy_warnings(values)):
                            st.session_state.pop(f"evidence_hold_{chosen}", None)
                            files = [(f.name, f.getvalue()) for f in more or []]
                            common.attempt(lambda: evidence.update_evidence(con, me, chosen, values, tag_ids=chosen_tags,
                                                                            files=files), f"Saved '{title.strip()}'.")
            if st.button("Delete this item", key=f"evidence_delete_{chosen}"):
                common.attempt(lambda: evidence.delete_evidence(con, me, chosen),
                        f"Deleted '{item['title']}'. You can restore it under 'Deleted items'.")

    if editable:
        deleted = evidence.list_evidence(con, me, enquiry_id, deleted=True)
        folded = st.expander(f"Deleted items ({len(deleted)})", key="evidence_deleted_open", on_change="rerun") \
            if not deleted.empty else None
        if folded is not None and folded.open:  # made only while open: folded content costs nothing
            with folded:
                gone = {int(r.id): r.title for r in deleted.itertuples()}
                back = st.selectbox("Item", list(gone), format_func=gone.get, key="evidence_restore_pick")
                if st.button("Restore", key="evidence_restore"):
                    common.attempt(lambda: evidence.restore_evidence(con, me, back), f"Restored '{gone[back]}'.")

    codebook_box = st.expander("Codebook", key="evidence_codebook_open", on_change="rerun")
    if codebook_box.open:
        with codebook_box:  # made only while open: folded content costs nothing on each switch
            st.caption("Tags shared across the alliance so themes can be compared between schools. "
                       "Facilitators curate the codebook; teams can propose tags.")
            book = codebook.list_tags(con, statuses=("approved", "proposed"))
            st.dataframe(book[["name", "description", "status", "items"]], hide_index=True, width="stretch",
                         key="evidence_codebook")
            curator = can(con, me, Action.CURATE_CODEBOOK)
            with st.form("evidence_tag_new"):
                name = st.text_input("New tag", key="evidence_tag_name")
                description = st.text_input("What it means", key="evidence_tag_description")
                verb = "Add tag" if curator else "Propose tag"
                if st.form_submit_button(verb):
                    common.attempt(lambda: codebook.add_tag(con, me, name, description),
                                   f"{'Added' if curator else 'Proposed'} the tag '{name.strip()}'.",
                                   clear=["evidence_tag_name", "evidence_tag_description"])
            if curator and not book.empty:
                tags_by_id = {int(r.id): f"{r.name} ({r.status})" for r in book.itertuples()}
                tag_id = st.selectbox("Curate a tag", list(tags_by_id), format_func=tags_by_id.get, key="evidence_tag_pick")
                current = book.set_index("id").loc[tag_id]
                with st.form(f"evidence_tag_edit_{tag_id}"):
                    name = st.text_input("Name", value=current["name"])
                    description = st.text_input("What it means", value=current["description"])
                    status = st.radio("Status", TAG_STATUSES, index=TAG_STATUSES.index(current["status"]), horizontal=True)
                    if st.form_submit_button("Save tag"):
                        common.attempt(lambda: codebook.update_tag(con, me, tag_id, name=name, description=description,
                                                                   status=status), f"Saved the tag '{name.strip()}'.")

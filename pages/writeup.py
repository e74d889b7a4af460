"""Write-up: the team's conference paper, section by section. Each section starts from a draft
assembled from the enquiry's records, which the team rewrites; a preview; mark ready (or back to
draft); and the Word document to download. Facilitators read any team's write-up."""

import streamlit as st

from pages import common
from research_cycle import writeups
from research_cycle.store.errors import WorkbenchError
from research_cycle.store.formatting import md_escape, uk_datetime
from research_cycle.store.permissions import Action, can
from research_cycle.store.vocab import WRITEUP_SECTIONS

con, me, cycle = common.con(), common.person(), common.cycle()
enquiry_id, team_id, _ = common.enquiry_page("Write-up", "writeup_enquiry")
try:
    writeup = writeups.get_writeup(con, me, enquiry_id)
except WorkbenchError as exc:
    st.error(md_escape(str(exc)), icon=":material/block:")
    st.stop()

STATUS = {"not started": "Not started", "draft": "Draft", "ready": "Ready for the conference"}
saved = f" · last saved {uk_datetime(writeup.updated_at)} by {md_escape(writeup.updated_by)}" if writeup.updated_at else ""
st.markdown(f"**{STATUS[writeup.status]}**{saved}")
editable = writeup.editable and writeup.status != "ready"
if writeup.status == "ready":
    st.info("This write-up is marked ready, so it is in the conference proceedings and senior leaders can read it. "
            + ("Put it back to draft to change it." if writeup.editable else ""), icon=":material/task_alt:")
empty = writeup.empty_sections()
if writeup.status != "ready":
    st.caption(f"{len(WRITEUP_SECTIONS) - len(empty)} of {len(WRITEUP_SECTIONS)} sections saved. "
               "Each section starts from a draft made from your records: rewrite it in your own words, then save it.")

# The preview is made only while its tab is open (the page reruns on a tab change): it repeats every
# section, and drawing it hidden slowed every visit. The editor is always made, so text typed in
# it is never dropped while the preview is read.
edit_tab, preview_tab = st.tabs(["Edit" if editable else "Sections", "Preview"], key="writeup_tab", on_change="rerun")

with edit_tab:
    key = st.selectbox("Section", list(WRITEUP_SECTIONS), key="writeup_pick",
                       format_func=lambda k: WRITEUP_SECTIONS[k] + ("" if writeup.sections[k].body is not None
                                                                    else " (not saved yet)"))
    section = writeup.sections[key]
    form = f"writeup_{enquiry_id}_{key}"
    body_key, version_key = f"{form}_body", f"{form}_version"
    if section.body is None:
        st.caption("Not saved yet: the text below is the draft made from your records.")
    else:
        st.caption(f"Saved {uk_datetime(section.updated_at)} by {md_escape(section.updated_by)}.")
    if editable:
        # The editor remembers the version it started from, so a teammate's save in between is
        # noticed (and refused) instead of overwritten.
        st.session_state.setdefault(version_key, section.updated_at)
        st.session_state.setdefault(body_key, section.text)

        def insert_draft(body_key=body_key, draft=section.draft):
            st.session_state[body_key] = draft

        def reload_section(body_key=body_key, version_key=version_key):
            st.session_state.pop(body_key, None)
            st.session_state.pop(version_key, None)

        with st.form(form):
            text = st.text_area(WRITEUP_SECTIONS[key], key=body_key, height=90 if key == "title" else 380)
            if st.form_submit_button("Save section", type="primary"):
                common.attempt(
                    lambda: writeups.save_section(con, me, enquiry_id, key, text,
                                                  expected_updated_at=st.session_state.get(version_key)),
                    lambda outcome: " ".join([f"Saved ‘{WRITEUP_SECTIONS[key]}’ ({outcome.words} words).",
                                              *outcome.warnings]), form=form)
        words = writeups.word_count(st.session_state.get(body_key))
        if key == "abstract":
            limit = writeups.ABSTRACT_WORDS
            (st.error if words > limit else st.caption)(f"{words} words (at most {limit}).")
        else:
            st.caption(f"{words} words when last saved or loaded.")
        a, b, _ = st.columns([2, 2, 3])
        a.button("Insert the draft again", key=f"writeup_draft_{enquiry_id}_{key}", on_click=insert_draft,
                 help="Replace the text in the box with the draft made from your records (nothing is saved until "
                      "you save).")
        b.button("Load the saved version", key=f"writeup_reload_{enquiry_id}_{key}", on_click=reload_section,
                 help="Throw away your changes in the box and show the section as last saved (by you or a teammate).")
    else:
        common.text(section.text, empty="Nothing in this section yet.")

if preview_tab.open:
    with preview_tab:
        st.header(md_escape(writeup.title))
        st.caption(f"{md_escape(writeup.school)} · {md_escape(writeup.team)} · {md_escape(writeup.cycle)}")
        for k, s in writeup.sections.items():
            if k == "title":
                continue
            st.subheader("Abstract" if k == "abstract" else s.heading)
            if s.body is None and s.draft:
                st.caption("Draft from your records (not saved yet).")
            common.text(s.text, empty="Empty.")
        st.caption("The Word document adds the evidence tables, each finding's evidence, charts and the reference list.")

if writeup.editable:
    if writeup.status == "ready":
        if st.button("Back to draft", key="writeup_back"):
            common.attempt(lambda: writeups.back_to_draft(con, me, enquiry_id),
                           "The write-up is a draft again (and has left the proceedings).")
    else:
        if empty:
            st.caption("Mark ready once every section is saved. Still to save: "
                       + md_escape(", ".join(empty)) + ".")
        if st.button("Mark ready for the conference", type="primary", key="writeup_ready"):
            common.attempt(lambda: writeups.mark_ready(con, me, enquiry_id),
                           "Marked ready: the write-up is in the conference proceedings.")

st.divider()
built = st.session_state.get("writeup_docx")
if st.button("Build the Word document", key="writeup_build"):
    with st.spinner("Building the write-up (charts take a moment)…"):
        try:
            st.session_state["writeup_docx"] = built = (enquiry_id, writeups.document(con, me, enquiry_id))
        except WorkbenchError as exc:
            common.refused(exc)
if built and built[0] == enquiry_id:
    st.download_button("Download the write-up (.docx)", built[1], file_name=f"write-up-{enquiry_id}.docx",
                       mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       key="writeup_download", type="primary")

if can(con, me, Action.READ_WRITEUPS):
    st.subheader(f"Proceedings of {cycle['label']}")
    listing = writeups.list_for_cycle(con, me, cycle["id"])
    ready = int((listing["status"] == "ready").sum())
    st.caption(f"{ready} of {len(listing)} write-ups are marked ready; the proceedings join them after a title page, "
               "contents and an overview of the alliance.")
    st.dataframe(listing.assign(status=[STATUS.get(s, s) for s in listing["status"]])[["school", "team", "status"]],
                 hide_index=True, width="stretch", key="writeup_cycle_list",
                 column_config={"school": "School", "team": "Team", "status": "Write-up"})
    proceedings = st.session_state.get("writeup_proceedings")
    if st.button("Build the proceedings", key="writeup_build_proceedings", disabled=not ready):
        with st.status(f"Building the proceedings of {cycle['label']}…", expanded=True) as status:
            bar = st.progress(0.0, text="Title page, contents and the alliance overview")

            def report(done, total, what):
                bar.progress(done / max(total, 1), text=f"{done} of {total} write-ups added"
                             + ("" if what == "done" else f" — next: {what}"))

            try:
                data = writeups.proceedings(con, me, cycle["id"], progress=report)
            except WorkbenchError as exc:
                status.update(label="The proceedings could not be built", state="error")
                common.refused(exc)
            else:
                st.session_state["writeup_proceedings"] = proceedings = (cycle["id"], data)
                status.update(label=f"Proceedings of {cycle['label']} built", state="complete", expanded=False)
    if proceedings and proceedings[0] == cycle["id"]:
        st.download_button("Download the proceedings (.docx)", proceedings[1],
                           file_name=f"proceedings-{cycle['label'].replace('/', '-')}.docx",
                           mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                           key="writeup_download_proceedings")

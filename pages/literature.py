"""Literature: the enquiry's library of wider research, added by hand or imported from RIS and
BibTeX (Zotero, Mendeley, EndNote, databases), shown in the alliance's reference style, with key
points, bearing on the enquiry and in-text citations. After an import, every entry not imported
is listed with the reason, and possible duplicates wait for the team to add anyway or skip."""

import streamlit as st

from pages import common
from research_cycle import literature
from research_cycle.lib.references import Reference
from research_cycle.store.formatting import md_escape
from research_cycle.store.vocab import REFERENCE_KINDS

con, me, cycle = common.con(), common.person(), common.cycle()
enquiry_id, team_id, editable = common.enquiry_page("Literature", "literature_enquiry")


def as_markdown(runs) -> str:
    """A formatted reference with its italics, the text itself escaped."""
    out = []
    for run in runs:
        text = md_escape(run.text)
        if run.italic and run.text.strip():
            lead, core, trail = run.text[: len(run.text) - len(run.text.lstrip())], text.strip(), \
                run.text[len(run.text.rstrip()):]
            text = f"{lead}*{core}*{trail}"
        out.append(text)
    return "".join(out)


# --- what the last import left to do ----------------------------------------------------------------

pending = st.session_state.get("literature_import_result")
if editable and pending and pending["enquiry_id"] == enquiry_id:
    st.subheader(f"From {md_escape(pending['filename'])}")
    if pending["skipped"]:
        with st.expander(f"{len(pending['skipped'])} entr{'y was' if len(pending['skipped']) == 1 else 'ies were'} "
                         "not imported", expanded=True):
            for reason in pending["skipped"]:
                st.markdown(f"- {md_escape(reason)}")
    duplicates = pending["duplicates"]
    if duplicates:
        st.markdown(f"**{len(duplicates)} possible duplicate{'s' if len(duplicates) != 1 else ''}**: each looks like "
                    "a reference already in the library or earlier in the file. Add it if it is a different "
                    "publication; skip it if it is the same.")

        def add_anyway(chosen) -> int:
            literature.add_references(con, me, enquiry_id, [d.reference for d in chosen])
            pending["duplicates"] = [d for d in pending["duplicates"] if d not in chosen]
            return len(chosen)

        def skip(chosen) -> None:
            pending["duplicates"] = [d for d in pending["duplicates"] if d not in chosen]
            st.rerun()

        for n, dup in enumerate(duplicates):
            text, add, drop = st.columns([6, 1, 1], vertical_alignment="center")
            text.markdown(md_escape(dup.message))
            if add.button("Add anyway", key=f"literature_dup_add_{n}"):
                common.attempt(lambda d=dup: add_anyway([d]), f"Added ‘{dup.reference.title}’.")
            if drop.button("Skip", key=f"literature_dup_skip_{n}"):
                skip([dup])
        a, b, _ = st.columns([2, 2, 4])
        if a.button("Add them all anyway", key="literature_dup_add_all"):
            common.attempt(lambda: add_anyway(list(duplicates)), lambda n: f"Added {n} reference(s).")
        if b.button("Skip them all", key="literature_dup_skip_all"):
            skip(list(duplicates))
    if st.button("Done", key="literature_import_done"):
        st.session_state.pop("literature_import_result", None)
        st.rerun()

# --- the library -------------------------------------------------------------------------------------

listing = literature.reference_list(con, me, enquiry_id, page=st.session_state.get("literature_page", 1) - 1)
st.markdown(f"**{listing.total} reference{'s' if listing.total != 1 else ''}** in the library")
st.caption(f"In {listing.style_name}, the alliance's reference style (set in Administration).")
if listing.pages > 1:
    st.number_input(f"Page (of {listing.pages}, {literature.PAGE_SIZE} references a page, by author)", min_value=1,
                    max_value=listing.pages, step=1, key="literature_page")
for entry in listing.entries:
    ref, ref_id = entry.formatted.reference, entry.id
    # Each reference's box is made only while open (the page reruns as one opens).
    box = st.expander(as_markdown(entry.formatted.runs), key=f"literature_ref_open_{ref_id}", on_change="rerun")
    if not box.open:
        continue
    with box:
        st.markdown(f"**Cite as** {md_escape(entry.formatted.citation)}")
        if ref.abstract:
            st.markdown("**Abstract**")
            common.text(ref.abstract)
        st.markdown("**Key points**")
        common.text(ref.key_points)
        st.markdown("**How it bears on our enquiry**")
        common.text(ref.bearing)
        if editable:
            with st.form(f"literature_notes_{ref_id}"):
                key_points = st.text_area("Key points", value=ref.key_points, key=f"literature_notes_{ref_id}_points")
                bearing = st.text_area("How it bears on our enquiry", value=ref.bearing,
                                       key=f"literature_notes_{ref_id}_bearing")
                if st.form_submit_button("Save notes"):
                    common.attempt(lambda: literature.update_notes(con, me, ref_id, key_points=key_points,
                                                                   bearing=bearing), "Saved the notes.",
                                   form=f"literature_notes_{ref_id}")
            if st.button("Remove from the library", key=f"literature_delete_{ref_id}"):
                common.attempt(lambda: literature.delete_reference(con, me, ref_id),
                               f"Removed ‘{ref.title}’ from the library.")

if editable:
    # Folded boxes made only while open; their keys are outside the forms' prefixes.
    importing = st.expander("Import from Zotero, Mendeley, EndNote or a database", key="literature_importing_open",
                            on_change="rerun", icon=":material/upload_file:")
    if importing.open:
        with importing:
            st.caption("Export your references as RIS (.ris) or BibTeX (.bib), then choose the file here. Anything that "
                       "looks like a reference already in the library is shown to you to add or skip.")
            upload = st.file_uploader("RIS or BibTeX file", type=["ris", "bib", "txt"], key="literature_import_file")
            if upload is not None and st.button("Import references", key="literature_import", type="primary"):
                def run_import():
                    outcome = literature.import_file(con, me, enquiry_id, upload.getvalue(), upload.name)
                    st.session_state["literature_import_result"] = {
                        "enquiry_id": enquiry_id, "filename": outcome.filename, "skipped": outcome.skipped,
                        "duplicates": outcome.possible_duplicates}
                    return outcome

                def imported(outcome) -> str:
                    notes = [f"Imported {outcome.added} reference{'s' if outcome.added != 1 else ''} from {outcome.filename}."]
                    if outcome.skipped:
                        notes.append(f"{len(outcome.skipped)} could not be imported: the reasons are listed below.")
                    if outcome.possible_duplicates:
                        notes.append(f"{len(outcome.possible_duplicates)} look like references already there: add or skip "
                                     "each below.")
                    return " ".join(notes)

                common.attempt(run_import, imported)

    adding = st.expander("Add a reference by hand", key="literature_adding_open", on_change="rerun",
                         icon=":material/edit_note:")
    if adding.open:
        with adding:
            with st.form("literature_add"):
                authors = st.text_input("Authors (Surname, Initials; separate authors with ;)", key="literature_add_authors",
                                        placeholder="Kerr, K.; Ainscow, M.")
                a, b = st.columns([1, 3])
                year = a.text_input("Year", key="literature_add_year")
                title = b.text_input("Title", key="literature_add_title")
                a, b = st.columns(2)
                source = a.text_input("Journal, book or publisher", key="literature_add_source")
                kind = b.selectbox("Kind", REFERENCE_KINDS, key="literature_add_kind")
                a, b = st.columns(2)
                doi = a.text_input("DOI (optional)", key="literature_add_doi")
                url = b.text_input("Web address (optional)", key="literature_add_url")
                key_points = st.text_area("Key points", key="literature_add_points")
                bearing = st.text_area("How it bears on our enquiry", key="literature_add_bearing")
                anyway = st.checkbox("Add it even if it looks like a duplicate", key="literature_add_anyway")
                if st.form_submit_button("Add reference", type="primary"):
                    ref = Reference(authors=[a.strip() for a in authors.split(";") if a.strip()], year=year or None,
                                    title=title, source=source, kind=kind, doi=doi, url=url, key_points=key_points,
                                    bearing=bearing)
                    common.attempt(lambda: literature.add_reference(con, me, enquiry_id, ref, allow_duplicate=anyway),
                                   f"Added ‘{title.strip()}’.", form="literature_add", context=enquiry_id)

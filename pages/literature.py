"""Literature: the enquiry's library of wider research, added by hand or imported from RIS and
BibTeX (Zotero, Mendeley, EndNote), with key points, bearing on the enquiry and citations."""

import streamlit as st

from pages import common
from research_cycle import literature
from research_cycle.lib.references import Reference, harvard
from research_cycle.store.formatting import md_escape
from research_cycle.store.vocab import REFERENCE_KINDS

con, me, cycle = common.con(), common.person(), common.cycle()
enquiry_id, team_id, editable = common.enquiry_page("Literature", "literature_enquiry")

refs = literature.library(con, me, enquiry_id)
st.markdown(f"**{len(refs)} reference{'s' if len(refs) != 1 else ''}** in the library")
for row, ref in zip(refs.itertuples(), literature.references(con, me, enquiry_id)):
    with st.expander(md_escape(harvard(ref))):
        st.markdown("**Key points**")
        common.text(ref.key_points)
        st.markdown("**How it bears on our enquiry**")
        common.text(ref.bearing)
        if editable:
            with st.form(f"literature_notes_{row.id}"):
                key_points = st.text_area("Key points", value=ref.key_points)
                bearing = st.text_area("How it bears on our enquiry", value=ref.bearing)
                if st.form_submit_button("Save notes"):
                    common.attempt(lambda: literature.update_notes(con, me, int(row.id), key_points=key_points,
                                                                   bearing=bearing), "Saved the notes.")
            if st.button("Remove from the library", key=f"literature_delete_{row.id}"):
                common.attempt(lambda: literature.delete_reference(con, me, int(row.id)),
                               f"Removed '{ref.title}' from the library.")

if editable:
    st.subheader("Import from Zotero, Mendeley or EndNote")
    st.caption("Export your references as RIS (.ris) or BibTeX (.bib), then choose the file here. "
               "References already in the library are not added twice.")
    upload = st.file_uploader("RIS or BibTeX file", type=["ris", "bib", "txt"], key="literature_import_file")
    if upload is not None and st.button("Import references", key="literature_import", type="primary"):
        def imported(result) -> str:
            notes = result["already"] + result["skipped"] + result["duplicates"]
            return f"Imported {result['added']} reference(s) from {upload.name}." + (" " + " ".join(notes) if notes else "")

        common.attempt(lambda: literature.import_file(con, me, enquiry_id, upload.getvalue(), upload.name), imported)

    st.subheader("Add a reference by hand")
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
        if st.form_submit_button("Add reference", type="primary"):
            ref = Reference(authors=[a.strip() for a in authors.split(";") if a.strip()], year=year or None,
                            title=title, source=source, kind=kind, doi=doi, url=url, key_points=key_points,
                            bearing=bearing)
            common.attempt(lambda: literature.add_reference(con, me, enquiry_id, ref), f"Added '{title.strip()}'.")

"""Findings: the team's claims linked to the evidence that supports them, and the
triangulation matrix that flags a claim resting on one method, one voice or one origin."""

import streamlit as st

from pages import common
from research_cycle import evidence, findings

con, me, cycle = common.con(), common.person(), common.cycle()
enquiry_id, team_id, editable = common.enquiry_page("Findings", "findings_enquiry")

log = evidence.list_evidence(con, me, enquiry_id)
items = {int(r.id): f"{r.title} ({r.kind}, {r.origin})" for r in log.itertuples()}

st.subheader("Triangulation")
matrix = findings.triangulation(con, me, enquiry_id)
if matrix.empty:
    st.info("No findings yet. Write a claim below and link the evidence that supports it.")
else:
    flagged = int((matrix["Warning"] != "").sum())
    if flagged:
        st.warning(f"{flagged} finding{'s rest' if flagged > 1 else ' rests'} on a single method, voice or origin "
                   "(or has no evidence): look for evidence from another angle before relying on it.")
    st.dataframe(matrix.drop(columns=["finding_id"]), hide_index=True, width="stretch", key="findings_matrix",
                 column_config={"Finding": st.column_config.TextColumn(width="large")})
    st.caption("Each cell counts the supporting items with that method, voice or origin. Evidence whose "
               "participants withdrew consent is left out.")

if editable:
    with st.form("findings_new"):
        st.markdown("**New finding**")
        claim = st.text_area("What we found (the claim)", key="findings_new_claim", height=80)
        detail = st.text_area("Detail (optional)", key="findings_new_detail", height=80)
        support = st.multiselect("Supporting evidence", list(items), format_func=items.get, key="findings_new_support")
        if st.form_submit_button("Add finding", type="primary"):
            common.attempt(lambda: findings.add_finding(con, me, enquiry_id, claim=claim, detail=detail,
                                                        evidence_ids=support),
                           f"Added the finding with {len(support)} supporting item(s).", form="findings_new",
                           context=enquiry_id)

    current = findings.list_findings(con, me, enquiry_id)
    if not current.empty:
        # Made only while open (the page reruns as it opens); the key is outside the forms' prefixes.
        editing = st.expander("Edit or delete a finding", key="findings_editing_open", on_change="rerun")
        if editing.open:
            with editing:
                names = {int(r.id): r.claim for r in current.itertuples()}
                chosen = st.selectbox("Finding", list(names), format_func=names.get, key="findings_edit_pick")
                found = findings.get_finding(con, me, chosen)
                with st.form(f"findings_edit_{chosen}"):
                    claim = st.text_area("What we found (the claim)", value=found["claim"],
                                         key=f"findings_edit_{chosen}_claim")
                    detail = st.text_area("Detail", value=found["detail"], key=f"findings_edit_{chosen}_detail")
                    support = st.multiselect("Supporting evidence", list(items), format_func=items.get,
                                             default=[i for i in found["evidence_ids"] if i in items],
                                             key=f"findings_edit_{chosen}_support")
                    if st.form_submit_button("Save finding", type="primary"):
                        common.attempt(lambda: findings.update_finding(con, me, chosen, claim=claim, detail=detail,
                                                                       evidence_ids=support), "Saved the finding.",
                                       form=f"findings_edit_{chosen}")
                if st.button("Delete this finding", key=f"findings_delete_{chosen}"):
                    common.attempt(lambda: findings.delete_finding(con, me, chosen), "Deleted the finding.")

"""Data sets: upload a CSV or XLSX table to an evidence item, mark what each column is, drop or
pseudonymise anything that could identify a pupil, then chart it with effect sizes. Every figure
shown comes from research_cycle (lib.disclosure): the page only lays it out."""

import hashlib

import pandas as pd
import streamlit as st

from pages import common
from research_cycle import datasets, evidence, st_glue
from research_cycle.lib import charts, tabular
from research_cycle.lib.charts import CHART_KINDS
from research_cycle.store.errors import WorkbenchError
from research_cycle.store.formatting import md_escape
from research_cycle.store.vocab import COLUMN_ROLES, SCORE_ROLES

con, me, cycle = common.con(), common.person(), common.cycle()
enquiry_id, team_id, editable = common.enquiry_page("Data sets", "datasets_enquiry")

ACTIONS = {"keep": "Keep", "drop": "Drop", "pseudonymise": "Pseudonymise"}

if editable:
    # Made only while open (the page reruns as it opens): most visits are to read a data set.
    importing = st.expander("Import a data set", key="datasets_import_open", on_change="rerun")
    if importing.open:
        with importing:
            log = evidence.list_evidence(con, me, enquiry_id)
            if log.empty:
                st.info("Add an evidence item first (e.g. 'Autumn reading assessment'); the data set is attached to it.")
            else:
                items = {int(r.id): r.title for r in log.itertuples()}
                target = st.selectbox("Attach to evidence item", list(items), format_func=items.get, key="datasets_item",
                                      index=None, placeholder="Choose the evidence item this table belongs to")
                upload = st.file_uploader("CSV or Excel (.xlsx) file", type=["csv", "txt", "tsv", "xlsx"], key="datasets_file")
                if upload is not None:
                    data = upload.getvalue()
                    sheet = None
                    if upload.name.lower().endswith(".xlsx"):
                        try:
                            sheets = tabular.list_sheets(data)
                        except WorkbenchError as exc:
                            common.refused(exc)
                            st.stop()
                        sheet = st.selectbox("Sheet", sheets, key="datasets_sheet") if len(sheets) > 1 else sheets[0]
                    # Reading a large file takes a moment: keep the parsed table for this file and sheet.
                    key = hashlib.sha1(data).hexdigest() + (sheet or "")
                    cached = st.session_state.get("datasets_parsed")
                    if not cached or cached[0] != key:
                        try:
                            st.session_state["datasets_parsed"] = (key, tabular.read_table(data, upload.name, sheet=sheet))
                        except WorkbenchError as exc:
                            common.refused(exc)
                            st.stop()
                    table = st.session_state["datasets_parsed"][1]
                    st.caption(f"{len(table.frame):,} rows · " + (f"encoding {table.encoding}, delimiter "
                               f"{'tab' if table.delimiter == chr(9) else repr(table.delimiter)}" if table.encoding else f"sheet {table.sheet}"))
                    for warning in table.warnings:
                        st.warning(md_escape(warning))  # warnings quote the file's column names
                    plan = pd.DataFrame({
                        "column": [c.name for c in table.columns],
                        "type": [c.dtype for c in table.columns],
                        "privacy": ["; ".join(c.flags) for c in table.columns],
                        "role": [c.suggested_role for c in table.columns],
                        "action": ["pseudonymise" if c.flags else "keep" for c in table.columns],
                        "attainment": [False for _ in table.columns],
                    })
                    if any(c.flags for c in table.columns):
                        st.error("Some columns look like they could identify pupils (see 'privacy'). They must be dropped "
                                 "or pseudonymised before anything is stored.", icon=":material/shield:")
                    edited = st.data_editor(plan, hide_index=True, width="stretch", key="datasets_plan",
                                            disabled=["column", "type", "privacy"], column_config={
                                                "role": st.column_config.SelectboxColumn("Role", options=COLUMN_ROLES, required=True),
                                                "action": st.column_config.SelectboxColumn("Action", options=list(ACTIONS), required=True),
                                                "attainment": st.column_config.CheckboxColumn(
                                                    "Attainment measure", help="Tick a test or assessment score (reading, "
                                                    "maths, vocabulary...). Only attainment measures get EEF months of "
                                                    "progress, and only when an intervention group is compared with a "
                                                    "comparison group; never attendance, attitudes or confidence.")})
                    st.dataframe(table.frame.head(5), width="stretch", key="datasets_preview")
                    name = st.text_input("Name for the data set", value=upload.name.rsplit(".", 1)[0], key="datasets_name")
                    def show_new(dataset_id: int) -> str:
                        st.session_state["datasets_chosen"] = dataset_id  # open the new data set below
                        return f"Imported '{name.strip()}' ({len(table.frame):,} rows) with '{items[target]}'."

                    if st.button("Import", type="primary", key="datasets_import"):
                        common.attempt(lambda: datasets.import_dataset(
                            con, me, target, table, name=name, filename=upload.name,
                            roles=dict(zip(edited["column"], edited["role"])),
                            drop=set(edited.loc[edited["action"] == "drop", "column"]),
                            pseudonymise=set(edited.loc[edited["action"] == "pseudonymise", "column"]),
                            attainment=set(edited.loc[edited["attainment"].fillna(False).astype(bool)
                                                      & edited["role"].isin(SCORE_ROLES), "column"])),
                            show_new)

stored = datasets.list_datasets(con, me, enquiry_id)
if stored.empty:
    st.info("No data sets yet.")
    st.stop()
names = {int(r.id): f"{r.name} ({r.n_rows:,} rows) — {r.evidence}" for r in stored.itertuples()}
chosen = st.selectbox("Data set", list(names), format_func=names.get, key="datasets_chosen")
try:
    meta, frame = datasets.get_dataset(con, me, chosen)
except WorkbenchError as exc:
    st.warning(str(exc))
    st.stop()
if editable:
    deleting = st.expander("Delete this data set", key="datasets_delete_open", on_change="rerun")
    if deleting.open:
        with deleting:
            st.caption("It leaves the charts, findings and documents; the change log keeps a record that it existed. "
                       "Import it again to bring it back.")
            sure = st.checkbox(f"Yes, delete '{md_escape(names[chosen])}'", key=f"datasets_delete_sure_{chosen}")
            if st.button("Delete data set", key=f"datasets_delete_{chosen}", disabled=not sure):
                common.attempt(lambda: datasets.delete_dataset(con, me, chosen), f"Deleted the data set '{meta['name']}'.")
by_role, frame = datasets.readable(meta, frame)  # "pre_score" reads "Pre score" in charts and tables
threshold = meta["threshold"]
st.caption(f"Groups of fewer than {threshold} pupils show 'fewer than {threshold}' and no figures, and another group "
           "is withheld where needed so that a small group cannot be worked out from the total.")
PREPOST, BY_GROUP, DISTRIBUTION, COMPARISON = CHART_KINDS
groups = by_role["group"]
pre, post = (by_role["pre"] or [None])[0], (by_role["post"] or [None])[0]
measures = by_role["measure"] + by_role["pre"] + by_role["post"]
outcomes = by_role["post"] + by_role["measure"]
options = []
if pre and post:
    options.append(PREPOST)
if measures:
    options += [BY_GROUP, DISTRIBUTION]
if groups and outcomes:
    options.append(COMPARISON)
if not options:
    st.info("This data set has no measure, pre or post column to chart.")
    st.stop()
kind = st.radio("Chart", options, horizontal=True, key="datasets_chart",
                help="Pre/post change: one group before and after (pupils progress anyway, so this is not impact). "
                     "Intervention vs comparison: the design whose effect size may be read as impact.")
measure, intervention, compared, adjust = None, None, None, False
if kind == COMPARISON:
    group = st.selectbox("Column recording who had the intervention", groups, key="datasets_design_column")
    values = charts.group_values(frame, group)
    if len(values) < 2:
        st.info("That column has only one group; choose the column that says which pupils had the intervention.")
        st.stop()
    intervention = st.selectbox("Intervention group", values, key="datasets_intervention")
    compared = st.selectbox("Comparison group", [v for v in values if v != intervention], key="datasets_compared")
    measure = st.selectbox("Post-test (outcome)", outcomes, key="datasets_outcome")
    if pre and measure == post:
        adjust = st.checkbox(f"Allow for the pre-test ({pre}) by gain scores", key="datasets_adjust")
else:
    group = st.selectbox("Group by", [None, *groups], format_func=lambda g: "no grouping" if g is None else g,
                         key="datasets_group")
    if kind != PREPOST:
        measure = st.selectbox("Measure", measures, key="datasets_measure")
try:
    spec, table, notes = st_glue.dataset_chart(
        chosen, kind, measure, pre, post, group, _frame=frame, threshold=threshold, intervention=intervention,
        compared=compared, adjust=adjust, attainment=measure in by_role["attainment"])
except WorkbenchError as exc:
    st.info(md_escape(str(exc)))
    st.stop()
st.vega_lite_chart(spec, width="stretch", key="datasets_altair")
common.table(table, key="datasets_summary")
for note in notes:
    st.caption(md_escape(note))

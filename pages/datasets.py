"""Data sets: upload a CSV or XLSX table to an evidence item, mark what each column is, drop or
pseudonymise anything that could identify a pupil, then chart it with effect sizes."""

import hashlib

import pandas as pd
import streamlit as st

from pages import common
from research_cycle import datasets, evidence, st_glue
from research_cycle.lib import stats, tabular
from research_cycle.store.errors import WorkbenchError
from research_cycle.store.vocab import CHART_KINDS, COLUMN_ROLES

con, me, cycle = common.con(), common.person(), common.cycle()
enquiry_id, team_id, editable = common.enquiry_page("Data sets", "datasets_enquiry")
st.caption(f"Groups of fewer than {stats.MIN_GROUP} pupils are never shown.")

ACTIONS = {"keep": "Keep", "drop": "Drop", "pseudonymise": "Pseudonymise"}

if editable:
    with st.expander("Import a data set", expanded=False):
        log = evidence.list_evidence(con, me, enquiry_id)
        if log.empty:
            st.info("Add an evidence item first (e.g. 'Autumn reading assessment'); the data set is attached to it.")
        else:
            items = {int(r.id): r.title for r in log.itertuples()}
            target = st.selectbox("Attach to evidence item", list(items), format_func=items.get, key="datasets_item")
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
                    st.warning(warning)
                plan = pd.DataFrame({
                    "column": [c.name for c in table.columns],
                    "type": [c.dtype for c in table.columns],
                    "privacy": ["; ".join(c.flags) for c in table.columns],
                    "role": [c.suggested_role for c in table.columns],
                    "action": ["pseudonymise" if c.flags else "keep" for c in table.columns],
                })
                if any(c.flags for c in table.columns):
                    st.error("Some columns look like they could identify pupils (see 'privacy'). They must be dropped "
                             "or pseudonymised before anything is stored.", icon=":material/shield:")
                edited = st.data_editor(plan, hide_index=True, width="stretch", key="datasets_plan",
                                        disabled=["column", "type", "privacy"], column_config={
                                            "role": st.column_config.SelectboxColumn("Role", options=COLUMN_ROLES, required=True),
                                            "action": st.column_config.SelectboxColumn("Action", options=list(ACTIONS), required=True)})
                st.dataframe(table.frame.head(5), width="stretch", key="datasets_preview")
                name = st.text_input("Name for the data set", value=upload.name.rsplit(".", 1)[0], key="datasets_name")
                if st.button("Import", type="primary", key="datasets_import"):
                    common.attempt(lambda: datasets.import_dataset(
                        con, me, target, table, name=name, filename=upload.name,
                        roles=dict(zip(edited["column"], edited["role"])),
                        drop=set(edited.loc[edited["action"] == "drop", "column"]),
                        pseudonymise=set(edited.loc[edited["action"] == "pseudonymise", "column"])),
                        f"Imported '{name.strip()}' ({len(table.frame):,} rows).")

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
by_role = {}
for col in meta["columns"]:
    by_role.setdefault(col["role"], []).append(col["name"])
groups = by_role.get("group", [])
measures = by_role.get("measure", []) + by_role.get("pre", []) + by_role.get("post", [])
options = []
if by_role.get("pre") and by_role.get("post"):
    options.append(CHART_KINDS[0])
if measures:
    options += list(CHART_KINDS[1:])
if not options:
    st.info("This data set has no measure, pre or post column to chart.")
    st.stop()
kind = st.radio("Chart", options, horizontal=True, key="datasets_chart")
group = st.selectbox("Group by", [None, *groups], format_func=lambda g: "no grouping" if g is None else g,
                     key="datasets_group")
measure = st.selectbox("Measure", measures, key="datasets_measure") if kind != CHART_KINDS[0] else None
pre, post = (by_role.get("pre") or [None])[0], (by_role.get("post") or [None])[0]
try:
    spec, table = st_glue.dataset_chart(chosen, kind, measure, pre, post, group, _frame=frame)
except WorkbenchError as exc:
    st.info(str(exc))
    st.stop()
st.vega_lite_chart(spec, width="stretch", key="datasets_altair")
st.dataframe(table, hide_index=True, width="stretch", key="datasets_summary")
st.caption("Effect sizes are Hedges' g with a 95% confidence interval, converted to months' progress as in the "
           "EEF Teaching and Learning Toolkit. One school's small sample is indicative only.")

"""Action: the team's action plan (strategies linked to the findings that prompted them, with owner,
dates, success criteria and status) and the impact reviews of each: what changed, for whom and the
evidence for it, which may be a data set's comparison chart. Facilitators read it."""

import datetime as dt

import streamlit as st

from pages import common
from research_cycle import actions, datasets, enquiries, evidence, findings, st_glue
from research_cycle.lib import charts
from research_cycle.lib.charts import CHART_KINDS
from research_cycle.store import clock
from research_cycle.store.errors import WorkbenchError
from research_cycle.store.formatting import md_escape, uk_date
from research_cycle.store.vocab import ACTION_STATUSES, TARGET_GROUPS

con, me, cycle = common.con(), common.person(), common.cycle()
enquiry_id, team_id, editable = common.enquiry_page("Action", "action_enquiry")

plan = actions.list_actions(con, me, enquiry_id)
reviews = actions.reviews_for_enquiry(con, me, enquiry_id)
claims = {int(r.id): r.claim for r in findings.list_findings(con, me, enquiry_id).itertuples()}
PREPOST, BY_GROUP, DISTRIBUTION, COMPARISON = CHART_KINDS

overdue = plan[plan["overdue"]] if not plan.empty else plan
if not overdue.empty:
    st.warning(f"{len(overdue)} impact review{'s are' if len(overdue) > 1 else ' is'} overdue: "
               + "; ".join(f"'{md_escape(r.strategy)}' (due {uk_date(r.review_on)})" for r in overdue.itertuples())
               + ". Record what changed, or move the review date.", icon=":material/schedule:")


def action_fields(form: str, row=None):
    """The widgets of an action form, keyed ``<form>_<field>`` (pre-filled from ``row``)."""
    strategy = st.text_area("Strategy (what we will do)", value=row.strategy if row is not None else "",
                            key=f"{form}_strategy", height=80)
    linked = st.multiselect("Findings that prompted it", list(claims), format_func=claims.get,
                            default=[i for i in (row.finding_ids if row is not None else []) if i in claims],
                            key=f"{form}_findings")
    a, b, c = st.columns(3)
    owner = a.text_input("Owner", value=row.owner if row is not None else "", key=f"{form}_owner")
    starts = b.date_input("Starts", value=row.starts_on if row is not None else clock.today(), format="DD/MM/YYYY",
                          key=f"{form}_starts")
    review = c.date_input("Review impact on", format="DD/MM/YYYY", key=f"{form}_review",
                          value=row.review_on if row is not None else clock.today() + dt.timedelta(weeks=6))
    criteria = st.text_area("Success criteria (how we will know it worked)",
                            value=row.success_criteria if row is not None else "", key=f"{form}_criteria", height=68)
    a, b = st.columns([1, 2])
    status = a.selectbox("Status", ACTION_STATUSES, key=f"{form}_status",
                         index=ACTION_STATUSES.index(row.status) if row is not None else 0)
    reason = b.text_input("Why it stopped (if stopped)", value=row.stop_reason if row is not None else "",
                          key=f"{form}_reason")
    return {"strategy": strategy, "finding_ids": linked, "owner": owner, "starts_on": starts, "review_on": review,
            "success_criteria": criteria, "status": status, "stop_reason": reason}


if editable:
    # Open at first while the plan is empty (set once, so it stays open after the first action is
    # added); made only while open, like each action's boxes below.
    st.session_state.setdefault("action_add_open", plan.empty)
    adding = st.expander("Add an action", key="action_add_open", on_change="rerun")
    if adding.open:
        with adding:
            if not claims:
                st.caption("Tip: write your findings first (Findings page), so each action can say what prompted it.")
            with st.form("action_new"):
                values = action_fields("action_new")
                if st.form_submit_button("Add action", type="primary"):
                    common.attempt(lambda: actions.add_action(con, me, enquiry_id, **values),
                                   f"Added the action '{values['strategy'].strip()[:80]}'.", form="action_new")

# The evidence a review may cite: this enquiry's items whose consent stands.
log = evidence.list_evidence(con, me, enquiry_id) if editable and not plan.empty else None
citable = {} if log is None else {int(r.id): f"{r.title} ({r.kind})" for r in log.itertuples()
                                  if r.consent != "withdrawn"}
targets = enquiries.get_enquiry(con, me, enquiry_id).target_groups if editable else []
groups = [*targets, *[g for g in TARGET_GROUPS if g not in targets]]


# The data sets a review may name: those of evidence whose consent stands.
stored = datasets.list_datasets(con, me, enquiry_id) if citable else None
usable = {} if stored is None else {int(r.id): r.name for r in stored.itertuples() if int(r.evidence_id) in citable}


def comparison_choice(form: str):
    """Which data set comparison shows the change (None: none). Outside the review's st.form so
    that the choices offered follow the data set chosen; keyed ``<form>_...`` like the form."""
    names = {None: "No data set comparison", **usable}
    chosen = st.selectbox("Data set comparison (optional)", list(names), format_func=names.get, key=f"{form}_dataset")
    if chosen is None:
        return None, None, None
    try:
        meta, frame = datasets.get_dataset(con, me, chosen)
    except WorkbenchError as exc:
        st.info(md_escape(str(exc)))
        return None, None, None
    roles = datasets.columns_by_role(meta)
    scores = roles["measure"] + roles["pre"] + roles["post"]
    kinds = ([PREPOST] if roles["pre"] and roles["post"] else []) + ([BY_GROUP, DISTRIBUTION] if scores else []) + (
        [COMPARISON] if roles["group"] and (roles["post"] or roles["measure"]) else [])
    if not kinds:
        st.info("This data set has no measure, pre or post column to chart.")
        return None, None, None
    kind = st.selectbox("Comparison", kinds, key=f"{form}_chart")
    options = {}
    if kind == COMPARISON:
        options["group"] = st.selectbox("Column recording who had the intervention", roles["group"], key=f"{form}_group")
        values = charts.group_values(frame, options["group"])
        a, b = st.columns(2)
        options["intervention"] = a.selectbox("Intervention group", values, key=f"{form}_intervention")
        options["compared"] = b.selectbox("Comparison group", [v for v in values if v != options["intervention"]],
                                          key=f"{form}_compared")
        options["measure"] = st.selectbox("Post-test (outcome)", roles["post"] + roles["measure"], key=f"{form}_measure")
        if roles["pre"] and options["measure"] in roles["post"]:
            options["adjust"] = st.checkbox(f"Allow for the pre-test ({roles['pre'][0]})", key=f"{form}_adjust")
    else:
        options["group"] = st.selectbox("Group by", [None, *roles["group"]], key=f"{form}_group",
                                        format_func=lambda g: "no grouping" if g is None else g)
        if kind != PREPOST:
            options["measure"] = st.selectbox("Measure", scores, key=f"{form}_measure")
    return chosen, kind, options


def show_review(review: dict, key: str) -> None:
    with st.container(border=True):
        st.markdown(f"**Impact review, {uk_date(review['reviewed_on'])}** · {md_escape(review['reviewed_by'] or '')}")
        common.text(review["what_changed"])
        st.markdown("*For whom:* " + md_escape(", ".join(review["for_whom"])))
        if review["evidence"]:
            st.markdown("*Evidence:* " + md_escape("; ".join(review["evidence"])))
        if review["left_out"]:
            st.caption(f"{review['left_out']} cited item(s) no longer count (deleted, or consent withdrawn) and are "
                       "left out.")
        if review["chart"]:
            st.markdown(f"*Comparison:* {md_escape(review['chart'])} — {md_escape(review['dataset'])}")
            try:
                spec, table, notes = st_glue.dataset_chart(**actions.review_chart(con, me, review))
            except WorkbenchError as exc:
                st.info(md_escape(str(exc)))
            else:
                st.vega_lite_chart(spec, width="stretch", key=f"{key}_chart")
                st.dataframe(table, hide_index=True, width="stretch", key=f"{key}_table")
                for note in notes:
                    st.caption(md_escape(note))


st.subheader("Our action plan")
if plan.empty:
    st.info("No actions yet." + (" Add the first one above: what you will do, prompted by which findings, and how "
                                 "you will know it worked." if editable else ""))
for row in plan.itertuples():
    action_id = int(row.id)
    with st.container(border=True):
        st.markdown(f"**{md_escape(' '.join(row.strategy.split()))}**")
        st.markdown(f"**{row.status.capitalize()}** · owner {md_escape(row.owner)} · starts {uk_date(row.starts_on)}"
                    f" · review {uk_date(row.review_on)}")
        if row.overdue:
            st.error(f"Impact review overdue since {uk_date(row.review_on)}: record what changed below, or move the "
                     "review date.", icon=":material/schedule:")
        if row.status == "stopped":
            st.markdown("*Why it stopped:* " + md_escape(row.stop_reason))
        st.markdown("*Success criteria:*")
        common.text(row.success_criteria, empty="None written yet (needed before the action is marked done).")
        if row.findings:
            st.markdown("*Prompted by:*\n" + "\n".join(
                f"- {md_escape(claim)}" + (f" — evidence: {md_escape('; '.join(titles))}" if titles else "")
                for claim, titles in zip(row.findings, row.finding_evidence)))
        else:
            st.caption("Not linked to a finding yet.")
        for review in reviews.get(action_id, []):
            show_review(review, f"action_review_{review['id']}")
        if not editable:
            continue
        form = f"action_edit_{action_id}"
        # The version this form was loaded from: a teammate's save in between refuses ours.
        version = st.session_state.setdefault(f"{form}_version", row.updated_at.to_pydatetime())
        # Both boxes are made only while open (the page reruns as one opens): with several actions,
        # their folded forms were most of what the browser drew on every visit.
        editing = st.expander("Edit this action", key=f"action_edit_open_{action_id}", on_change="rerun")
        if editing.open:
            with editing:
                with st.form(form):
                    values = action_fields(form, row)
                    if st.form_submit_button("Save action", type="primary"):
                        common.attempt(lambda: actions.update_action(con, me, action_id, **values,
                                                                     expected_updated_at=version),
                                       "Saved the action.", form=form)
                if st.button("Delete this action", key=f"action_delete_{action_id}"):
                    common.attempt(lambda: actions.delete_action(con, me, action_id),
                                   "Deleted the action. It can be restored under 'Deleted actions'.")
        review_form = f"action_review_{action_id}"
        reviewing = st.expander("Add an impact review", key=f"action_review_open_{action_id}", on_change="rerun")
        if reviewing.open:
            with reviewing:
                dataset_id, chart, chart_options = comparison_choice(review_form)
                with st.form(review_form):
                    what = st.text_area("What changed", key=f"{review_form}_what", height=80)
                    for_whom = st.multiselect("For whom (our target groups first)", groups, key=f"{review_form}_groups",
                                              default=targets[:1] or None)
                    others = st.text_input("Others it was for (your own words; separate with semicolons)",
                                           key=f"{review_form}_others", placeholder="e.g. Year 3 girls; lunchtime staff")
                    cited = st.multiselect("Evidence for it", list(citable), format_func=citable.get,
                                           key=f"{review_form}_evidence")
                    reviewed_on = st.date_input("Reviewed on", value=clock.today(), format="DD/MM/YYYY",
                                                key=f"{review_form}_on")
                    if st.form_submit_button("Add impact review", type="primary"):
                        named = [*for_whom, *[o for o in others.split(";") if o.strip()]]
                        common.attempt(lambda: actions.add_impact_review(
                            con, me, action_id, what_changed=what, for_whom=named, evidence_ids=cited,
                            dataset_id=dataset_id, chart=chart, chart_options=chart_options, reviewed_on=reviewed_on),
                            "Added the impact review.", form=review_form)

if editable:
    gone = actions.list_actions(con, me, enquiry_id, deleted=True)
    if not gone.empty:
        with st.expander(f"Deleted actions ({len(gone)})"):
            for row in gone.itertuples():
                a, b = st.columns([4, 1])
                a.markdown(md_escape(row.strategy))
                if b.button("Restore", key=f"action_restore_{int(row.id)}"):
                    common.attempt(lambda rid=int(row.id): actions.restore_action(con, me, rid), "Restored the action.")

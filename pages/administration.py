"""Administration: the alliance, schools, people and roles, cycles and calendars, teams, and the
change log."""

import datetime as dt
import io

import pandas as pd
import streamlit as st

from pages import common
from research_cycle import cycles, people, retention, schools, teams
from research_cycle.lib.references import REFERENCE_STYLES
from research_cycle.store import backup, changelog, clock
from research_cycle.store.errors import WorkbenchError
from research_cycle.store.formatting import md_escape, uk_date
from research_cycle.store.permissions import Action
from research_cycle.store.vocab import MILESTONE_KINDS, PHASES, ROLE_LABELS, ROLES, SCHOOL_TYPES

con, me = common.con(), common.person()
common.allow_only(Action.MANAGE_ALLIANCE)
st.title("Administration")
common.show_flash()


school_table = schools.list_schools(con)
school_names = {int(r.id): f"{r.name} ({r.urn})" for r in school_table.itertuples()}
SECTIONS = ("Alliance", "Schools", "People and roles", "Cycles and calendar", "Teams", "Change log", "Backup",
            "Retention")
# Only the chosen section runs, which keeps every click on this page quick.
section = st.segmented_control("Section", SECTIONS, default="Schools", required=True, key="admin_section",
                               label_visibility="collapsed")

if section == "Alliance":
    current = schools.get_alliance(con) or {}
    with st.form("admin_alliance"):
        name = st.text_input("Alliance name", value=current.get("name", ""), key="admin_alliance_name")
        partner = st.text_input("University partner", value=current.get("university_partner", ""),
                                key="admin_alliance_partner")
        la = st.text_input("Local authority", value=current.get("local_authority", ""), key="admin_alliance_la")
        options = [None, *school_names]
        lead = st.selectbox("Lead school", options, format_func=lambda i: "—" if i is None else school_names[i],
                            index=options.index(current.get("lead_school_id")) if current.get("lead_school_id") in options else 0,
                            key="admin_alliance_lead")
        threshold = st.number_input(
            "Smallest group shown (pupils)", min_value=5, max_value=50, step=1,
            value=int(current.get("disclosure_threshold") or 5), key="admin_alliance_threshold",
            help="Any group of fewer pupils shows 'fewer than' this number and no figures, in every chart, table "
                 "and document (official statistics use 5; you may raise it, never lower it).")
        if st.form_submit_button("Save alliance", type="primary"):
            common.attempt(lambda: schools.save_alliance(con, me, name=name, university_partner=partner,
                                                  local_authority=la, lead_school_id=lead,
                                                  disclosure_threshold=threshold),
                    f"Saved the alliance '{name.strip()}'.")
    styles = list(REFERENCE_STYLES)
    with st.form("admin_alliance_references"):
        style = st.selectbox("Reference style", styles, format_func=REFERENCE_STYLES.get,
                             index=styles.index(current.get("reference_style")) if current.get("reference_style") in styles else 0,
                             key="admin_alliance_reference_style",
                             help="Every reference list and citation follows it: the Literature page, write-ups and "
                                  "proceedings (from the official CSL style).")
        if st.form_submit_button("Save reference style"):
            common.attempt(lambda: schools.set_reference_style(con, me, style),
                           f"References now follow {REFERENCE_STYLES[style]}.")

SCHOOL_FIELDS = ("urn", "name", "phase", "type", "pupils", "pct_pupil_premium", "pct_eal", "pct_send")


def school_form(key: str, existing: dict | None) -> dict | None:
    e = existing or {}
    with st.form(key):
        a, b = st.columns([1, 3])
        urn = a.text_input("URN (6 digits)", value=e.get("urn", ""), key=f"{key}_urn")
        name = b.text_input("School name", value=e.get("name", ""), key=f"{key}_name")
        a, b, c = st.columns(3)
        phase = a.selectbox("Phase", PHASES, index=PHASES.index(e["phase"]) if e else 0, key=f"{key}_phase")
        kind = b.selectbox("Type", SCHOOL_TYPES, index=SCHOOL_TYPES.index(e["type"]) if e else 0, key=f"{key}_type")
        pupils = c.number_input("Pupils on roll", min_value=0, max_value=5000, step=1,
                                value=int(e.get("pupils", 0)), key=f"{key}_pupils")
        a, b, c = st.columns(3)
        pp = a.number_input("% pupil premium", value=float(e.get("pct_pupil_premium", 0.0)), step=0.1, key=f"{key}_pp")
        eal = b.number_input("% EAL", value=float(e.get("pct_eal", 0.0)), step=0.1, key=f"{key}_eal")
        send = c.number_input("% SEND", value=float(e.get("pct_send", 0.0)), step=0.1, key=f"{key}_send")
        if st.form_submit_button("Save school", type="primary"):
            return dict(zip(SCHOOL_FIELDS, (urn, name, phase, kind, pupils, pp, eal, send)))
    return None


if section == "Schools":
    st.dataframe(school_table.drop(columns=["id"]), hide_index=True, width="stretch", key="admin_schools_table")
    # Each form is made only while its box is open (the page reruns as one opens); the keys are
    # outside the forms' prefixes, so a save leaves the box open.
    adding = st.expander("Add a school", key="admin_schools_add_open", on_change="rerun")
    if adding.open:
        with adding:
            new = school_form("admin_school_new", None)
        if new:
            common.attempt(lambda: schools.create_school(con, me, **new), f"Added {new['name'].strip()}.")
    if school_names:
        editing = st.expander("Edit a school", key="admin_schools_edit_open", on_change="rerun")
        if editing.open:
            with editing:
                chosen = st.selectbox("School", list(school_names), format_func=school_names.get, key="admin_school_pick")
                edited = school_form(f"admin_school_edit_{chosen}", schools.get_school(con, chosen))
            if edited:
                common.attempt(lambda: schools.update_school(con, me, chosen, **edited), f"Saved {edited['name'].strip()}.")

everyone = people.list_people(con, me)
people_names = {int(r.id): r.name for r in everyone.itertuples()}


def person_form(key: str, existing) -> dict | None:
    options = [None, *school_names]
    with st.form(key):
        a, b = st.columns(2)
        name = a.text_input("Name", value=existing.name if existing else "", key=f"{key}_name")
        email = b.text_input("Email", value=existing.email if existing else "", key=f"{key}_email")
        school = a.selectbox("School (none for university staff)", options,
                             format_func=lambda i: "—" if i is None else school_names[i],
                             index=options.index(existing.school_id) if existing and existing.school_id in options else 0,
                             key=f"{key}_school")
        roles = b.multiselect("Roles", ROLES, default=list(existing.roles) if existing else ["teacher"],
                              format_func=ROLE_LABELS.get, key=f"{key}_roles")
        if st.form_submit_button("Save person", type="primary"):
            return {"name": name, "email": email, "school_id": school, "roles": roles}
    return None


if section == "People and roles":
    shown = everyone.assign(roles=everyone["roles"].map(lambda r: ", ".join(ROLE_LABELS[x] for x in r)))
    st.dataframe(shown.drop(columns=["id", "school_id"]), hide_index=True, width="stretch", key="admin_people_table")
    st.markdown("**Add a person**")
    new = person_form("admin_person_new", None)
    if new:
        common.attempt(lambda: people.create_person(con, me, **new), f"Added {new['name'].strip()}.")
    if not everyone.empty:
        st.markdown("**Edit a person**")
        names = {int(r.id): f"{r.name} <{r.email}>" for r in everyone.itertuples()}
        chosen = st.selectbox("Person", list(names), format_func=names.get, key="admin_person_pick")
        edited = person_form(f"admin_person_edit_{chosen}", people.get_person(con, chosen))
        if edited:
            common.attempt(lambda: people.update_person(con, me, chosen, **edited), f"Saved {edited['name'].strip()}.")
    with st.expander("Import people from a CSV", icon=":material/upload_file:"):
        st.caption("One person a row under the header `name,email,school,roles`. School: its URN or name (empty for "
                   "university staff). Roles separated by ';': teacher, facilitator, senior leader, administrator. "
                   "You see every row first; nobody is added until you confirm, and then everyone or no one.")
        upload = st.file_uploader("CSV file", type=["csv", "txt"], key="admin_people_import_file")
        pasted = st.text_area("…or paste the rows", key="admin_people_import_text", height=120,
                              placeholder="name,email,school,roles\nPriya Shah,priya.shah@school.sch.uk,100001,teacher")
        if st.button("Preview", key="admin_people_import_preview"):
            data = upload.getvalue() if upload is not None else pasted
            try:
                st.session_state["admin_people_import"] = (data, people.preview_import(con, me, data))
            except WorkbenchError as exc:
                st.session_state.pop("admin_people_import", None)
                common.refused(exc)
        pending = st.session_state.get("admin_people_import")
        if pending:
            data, preview = pending
            table = pd.DataFrame([{"line": r.line, "name": r.name, "email": r.email,
                                   "school": r.school_name or r.school,
                                   "roles": ", ".join(ROLE_LABELS[k] for k in r.role_keys) or r.roles,
                                   "problem": r.problem or "ready"} for r in preview.rows])
            st.dataframe(table, hide_index=True, width="stretch", key="admin_people_import_table",
                         column_config={"line": "Line", "name": "Name", "email": "Email", "school": "School",
                                        "roles": "Roles", "problem": "Check"})
            if preview.ok:
                n = len(preview.rows)
                if st.button(f"Confirm: add {n} people", key="admin_people_import_confirm", type="primary"):
                    st.session_state.pop("admin_people_import", None)
                    common.attempt(lambda: people.import_people(con, me, data), f"Added {n} people from the file.",
                                   clear=("admin_people_import_text",))
            else:
                st.warning(f"{len(preview.problems)} of {len(preview.rows)} rows need correcting (see 'Check'). "
                           "Correct the file and preview it again; nobody has been added.", icon=":material/warning:")

all_cycles = cycles.list_cycles(con)
cycle_labels = {c["id"]: c["label"] for c in all_cycles}

if section == "Cycles and calendar":
    if all_cycles:
        st.dataframe(pd.DataFrame(all_cycles).drop(columns=["id"]), hide_index=True, key="admin_cycles_table",
                     column_config={"starts_on": st.column_config.DateColumn("Starts", format="DD/MM/YYYY"),
                                    "ends_on": st.column_config.DateColumn("Ends", format="DD/MM/YYYY"),
                                    "label": "Academic year"})
    st.markdown("**Add a cycle**")
    next_year = max((c["starts_on"].year for c in all_cycles), default=clock.today().year - 1) + 1
    with st.form("admin_cycle_new"):
        a, b, c = st.columns(3)
        label = a.text_input("Academic year", value=f"{next_year}/{(next_year + 1) % 100:02d}", key="admin_cycle_label")
        starts = b.date_input("Starts", value=dt.date(next_year, 9, 1), format="DD/MM/YYYY", key="admin_cycle_starts")
        ends = c.date_input("Ends", value=dt.date(next_year + 1, 7, 31), format="DD/MM/YYYY", key="admin_cycle_ends")
        default_calendar = st.checkbox("Fill in the default school-year calendar", value=True, key="admin_cycle_default")
        if st.form_submit_button("Create cycle", type="primary"):
            common.attempt(lambda: cycles.create_cycle(con, me, label=label, starts_on=starts, ends_on=ends,
                                                with_default_calendar=default_calendar),
                    f"Created cycle {label.strip()}" + (" with the default calendar." if default_calendar else "."))
    if all_cycles:
        st.markdown("**Calendar**")
        chosen = st.selectbox("Cycle", list(cycle_labels), format_func=cycle_labels.get, key="admin_calendar_cycle")
        calendar = cycles.milestones(con, chosen)
        edited = st.data_editor(
            calendar, num_rows="dynamic", hide_index=True, width="stretch", key=f"admin_calendar_{chosen}",
            column_config={
                "title": st.column_config.TextColumn("Milestone", required=True),
                "kind": st.column_config.SelectboxColumn("Kind", options=MILESTONE_KINDS, required=True),
                "due_on": st.column_config.DateColumn("Date", format="DD/MM/YYYY", required=True),
            })
        if st.button("Save calendar", key="admin_calendar_save", type="primary"):
            entries = edited.astype(object).where(edited.notna(), None).to_dict("records")
            common.attempt(lambda: cycles.save_calendar(con, me, chosen, entries),
                    f"Saved the calendar of {cycle_labels[chosen]} ({len(entries)} dates).")

if section == "Teams":
    if not all_cycles:
        st.info("Create a cycle first.")
    else:
        chosen_cycle = common.cycle()["id"]  # the sidebar's cycle, like every other page
        st.caption(f"Teams of {cycle_labels[chosen_cycle]} (change the cycle in the sidebar).")
        team_table = teams.list_teams(con, me, chosen_cycle)
        st.dataframe(team_table[["school", "name", "members", "question"]], hide_index=True, width="stretch",
                     key="admin_teams_table")
        with st.form("admin_team_new"):
            st.markdown("**Add a team**")
            # Every school stays in the list (those with a team say so, and are refused): a second click
            # then carries the same school and is recognised, instead of landing on the next school.
            with_team = set(team_table["school_id"])
            order = sorted(school_names, key=lambda i: (i in with_team, school_names[i]))
            school = st.selectbox("School", order, key="admin_team_new_school",
                                  format_func=lambda i: school_names[i] + (" (has a team)" if i in with_team else ""))
            name = st.text_input("Team name", key="admin_team_new_name")
            if st.form_submit_button("Create team", type="primary"):
                common.attempt(lambda: teams.create_team(con, me, cycle_id=chosen_cycle, school_id=school, name=name),
                        f"Created the team '{name.strip()}'.", form="admin_team_new", context=chosen_cycle)
        if not team_table.empty:
            team_names = {int(r.id): f"{r.school} — {r.name}" for r in team_table.itertuples()}
            team_id = st.selectbox("Team", list(team_names), format_func=team_names.get, key="admin_team_pick")
            team = teams.get_team(con, team_id)
            current = teams.members(con, me, team_id)
            st.markdown("**Members:** " + (", ".join(
                md_escape(m["name"]) + (" (lead)" if m["is_lead"] else "") for m in current) or "none yet"))
            staff = everyone[everyone["school_id"] == team["school_id"]]
            staff = {int(r.id): r.name for r in staff.itertuples() if "teacher" in r.roles}
            with st.form("admin_member_add"):
                who = st.selectbox("Add or update a member", list(staff), format_func=staff.get, key="admin_member_who")
                lead = st.checkbox("Leads the team", key="admin_member_lead")
                if st.form_submit_button("Save member"):
                    common.attempt(lambda: teams.add_member(con, me, team_id, who, is_lead=lead),
                            f"Saved {staff.get(who, 'member')} in the team.")
            if current:
                names = {m["person_id"]: m["name"] for m in current}
                gone = st.selectbox("Remove a member", list(names), format_func=names.get, key="admin_member_remove")
                if st.button("Remove from team", key="admin_member_remove_btn"):
                    common.attempt(lambda: teams.remove_member(con, me, team_id, gone), f"Removed {names[gone]} from the team.")

if section == "Change log":
    common.allow_only(Action.READ_CHANGE_LOG)
    st.caption("Every change, newest first. Nothing here can be edited or deleted.")
    a, b, c = st.columns(3)
    who = a.selectbox("Who", [None, *[int(i) for i in everyone["id"]]], key="admin_log_who",
                      format_func=lambda i: "anyone" if i is None else people_names.get(i, str(i)))
    kinds = changelog.entities(con, me)
    what = b.selectbox("What", [None, *kinds], key="admin_log_what",
                       format_func=lambda e: "everything" if e is None else changelog.entity_label(e))
    when = c.date_input("Between", value=(), format="DD/MM/YYYY", key="admin_log_when")
    since, until = (when[0], when[-1]) if when else (None, None)
    log = changelog.recent(con, me, 500, who=who, entity=what, since=since, until=until)
    st.dataframe(log.assign(when=[t.strftime("%d/%m/%Y %H:%M") for t in log["changed_at"]])[
                     ["when", "who", "what", "entity_id", "action", "changes"]],
                 hide_index=True, width="stretch", key="admin_change_log", column_config={
                     "when": "When", "who": "Who", "what": "What", "entity_id": "Which (id)", "action": "Action",
                     "changes": st.column_config.TextColumn("Before → after", width="large")})

if section == "Backup":
    common.allow_only(Action.BACK_UP)
    st.caption("One file holds the whole store: every record, attachment and data set, and the change log. Keep "
               "copies somewhere other than this server (see the README, 'Backup and restore'); the file holds "
               "personal data, so store it as securely as the server itself.")
    if st.button("Prepare a backup", key="admin_backup_prepare", type="primary", icon=":material/backup:"):
        buffer = io.BytesIO()
        try:
            with st.spinner("Writing the backup…"):
                manifest = backup.write_backup(con, me, buffer)
        except WorkbenchError as exc:
            common.refused(exc)
        else:
            rows = sum(t["rows"] for t in manifest["tables"].values())
            st.session_state["admin_backup_file"] = (backup.backup_filename(), buffer.getvalue(), rows)
    ready = st.session_state.get("admin_backup_file")
    if ready:
        name, data, rows = ready
        st.download_button(f"Download {name} ({len(data) / 1e6:.1f} MB, {rows:,} rows)", data, file_name=name,
                           mime="application/zip", key="admin_backup_download", icon=":material/download:")
    st.markdown("**Restoring a backup** (on the server, with the workbench stopped, into a new or empty store; "
                "`--force` replaces a store that holds data):")
    st.code("python -m research_cycle restore --from workbench-backup-2026-11-23-0200.zip",
            language="bash")

if section == "Retention":
    common.allow_only(Action.APPLY_RETENTION)
    st.caption("Personal data is kept for a set number of years after a cycle ends, then deleted: pupil data sets, "
               "evidence attachments, quotes, notes, who took part, and the summaries of items marked as personal or "
               "special-category data (with the change log's copies of them). The enquiries, evidence titles and "
               "summaries, findings, critique, actions and write-ups stay.")
    settings = retention.list_settings(con, me)
    if not settings:
        st.info("Create a cycle first.")
    else:
        st.dataframe(pd.DataFrame([{"cycle": c["label"], "ends": uk_date(c["ends_on"]),
                                    "years": c["retention_years"], "due": uk_date(c["due_on"]) if c["due_on"] else "—",
                                    "applied": c["retention_applied_at"].strftime("%d/%m/%Y")
                                    if c["retention_applied_at"] else "—"} for c in settings]),
                     hide_index=True, key="admin_retention_table",
                     column_config={"cycle": "Cycle", "ends": "Ends", "years": "Years kept after the end",
                                    "due": "Deleted from", "applied": "Deleted on"})
        by_cycle = {c["id"]: c for c in settings}
        chosen = st.selectbox("Cycle", list(by_cycle), format_func=lambda i: by_cycle[i]["label"],
                              key="admin_retention_cycle")
        with st.form("admin_retention_period"):
            years = st.number_input("Keep personal data for this many years after the cycle ends (0: no period yet)",
                                    min_value=0, max_value=retention.MAX_YEARS, step=1,
                                    value=int(by_cycle[chosen]["retention_years"] or 0), key="admin_retention_period_years")
            if st.form_submit_button("Save period"):
                common.attempt(lambda: retention.set_period(con, me, chosen, int(years) or None),
                               f"{by_cycle[chosen]['label']}: personal data kept "
                               + (f"for {int(years)} years after the cycle ends." if years else "until a period is set."),
                               form="admin_retention_period", context=chosen)
        plan = retention.preview(con, me, chosen)
        label = by_cycle[chosen]["label"]
        if plan.empty:
            st.success(f"{md_escape(label)} holds no personal data of these kinds.", icon=":material/check_circle:")
        else:
            st.markdown(f"**What would be deleted from {md_escape(label)}**")
            st.dataframe(pd.DataFrame([{"what": k, "how many": v} for k, v in plan.counts().items()]),
                         hide_index=True, key="admin_retention_counts")
            with st.expander(f"Pupil data sets ({len(plan.datasets)})"):
                st.dataframe(pd.DataFrame(plan.datasets, columns=["school", "evidence", "name", "n_rows"]),
                             hide_index=True, key="admin_retention_datasets")
            with st.expander(f"Attachments ({len(plan.attachments)})"):
                st.dataframe(pd.DataFrame(plan.attachments, columns=["school", "evidence", "filename", "size_bytes"]),
                             hide_index=True, key="admin_retention_attachments")
            with st.expander(f"Evidence items whose personal text is emptied ({len(plan.evidence)})"):
                st.dataframe(pd.DataFrame(plan.evidence, columns=["school", "title", "quotes", "has_notes",
                                                                  "has_participants", "has_sensitive_summary"]),
                             hide_index=True, key="admin_retention_evidence")
            if plan.due_on is None:
                st.info("Set a period to delete this when it has passed.")
            elif not plan.due:
                st.info(f"Kept until {uk_date(plan.due_on)}; it can be deleted from then.")
            else:
                sure = st.checkbox(f"I have checked the lists above: delete this personal data of {md_escape(label)} for good "
                                   "(make a backup first if in doubt)", key="admin_retention_sure")
                if st.button(f"Delete personal data of {md_escape(label)}", key="admin_retention_apply", type="primary",
                             disabled=not sure, icon=":material/delete_forever:"):
                    common.attempt(lambda: retention.apply(con, me, chosen),
                                   lambda counts: f"Deleted from {label}: " + ", ".join(
                                       f"{n:,} {what}" for what, n in counts.items() if n) + ".",
                                   clear=("admin_retention_sure",))

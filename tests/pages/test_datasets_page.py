"""AppTest flows for the data sets page's numbers: the intervention vs comparison design with months
for an attainment measure, the one group before/after design without them, and the alliance's
disclosure threshold (set on the Administration page) reaching every figure."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from helpers import app_as, person_with
from research_cycle import datasets, evidence, teams
from research_cycle.lib import tabular
from research_cycle.store import db

CSV = ("pupil,arm,pupil_premium,reading_pre,reading_post\n" + "".join(
    f"P{i:02d},{'Intervention' if i < 14 else 'Comparison'},{'Yes' if i % 5 == 0 else 'No'},"
    f"{90 + i % 9},{95 + i % 9 + (5 if i < 14 else 1) + i % 4}\n" for i in range(30))).encode()


@pytest.fixture
def teacher_and_dataset(sample_path):
    con = db.connect(sample_path)
    person = person_with(con, "teacher", in_team=True)
    cycle_id = con.execute("SELECT id FROM cycle WHERE label = '2026/27'").fetchone()[0]
    enquiry_id = teams.my_teams(con, person, cycle_id)[0]["enquiry_id"]
    item = evidence.add_evidence(con, person, enquiry_id, {
        "title": "Reading trial", "kind": "assessment data", "origin": "our practice",
        "collected_on": dt.date(2026, 11, 1)})
    dataset_id = datasets.import_dataset(con, person, item, tabular.read_table(CSV, "trial.csv"), name="Reading trial",
                                         filename="trial.csv", roles={"arm": "group", "pupil_premium": "group"},
                                         attainment={"reading_pre", "reading_post"})
    con.close()
    return person, dataset_id


def open_dataset(person, dataset_id):
    at = app_as(person, "pages/datasets.py")
    at.selectbox(key="datasets_chosen").set_value(dataset_id).run()
    assert not at.exception, at.exception
    return at


def summary(at) -> pd.DataFrame:
    """The figures under the chart: a plain table when small (cells as shown: text, empty when
    there is no figure), else a dataframe."""
    if at.table:
        shown = at.table[-1].value
        return shown.replace("", np.nan).rename(columns=lambda c: c.replace("\\", ""))
    return at.dataframe[-1].value


def captions(at) -> str:
    return "\n".join(c.value.replace("\\", "") for c in at.caption)


def test_comparison_design_shows_g_with_months_and_the_method(teacher_and_dataset):
    at = open_dataset(*teacher_and_dataset)
    at.radio(key="datasets_chart").set_value("Intervention vs comparison").run()
    at.selectbox(key="datasets_design_column").set_value("Arm").run()
    at.selectbox(key="datasets_intervention").set_value("Intervention").run()
    at.selectbox(key="datasets_compared").set_value("Comparison").run()
    at.selectbox(key="datasets_outcome").set_value("Reading post").run()
    assert not at.exception, at.exception
    table = summary(at)
    assert list(table["pupils"]) == ["14", "16"]
    notes = captions(at)
    assert "Hedges' g" in notes and "t distribution with n1 + n2 − 2 degrees of freedom" in notes
    spec = str(at.get("vega_lite_chart")[0].proto.spec)
    assert "months' additional progress (EEF Toolkit)" in spec and "Hedges' g = " in spec
    at.checkbox(key="datasets_adjust").check().run()
    assert "gain scores" in captions(at) and "mean gain" in summary(at).columns


def test_before_after_design_shows_change_without_months(teacher_and_dataset):
    at = open_dataset(*teacher_and_dataset)
    at.radio(key="datasets_chart").set_value("Pre/post change by group").run()
    spec = str(at.get("vega_lite_chart")[0].proto.spec)
    assert "not months of additional progress" in spec and "months' additional" not in spec
    assert "progress over time anyway" in captions(at)


def pupil_premium_table(person, dataset_id):
    at = open_dataset(person, dataset_id)
    at.radio(key="datasets_chart").set_value("Measure by group").run()
    at.selectbox(key="datasets_group").set_value("Pupil premium").run()
    assert not at.exception, at.exception
    return summary(at).set_index("Pupil premium")


def test_alliance_threshold_set_by_the_administrator_reaches_the_chart(teacher_and_dataset, sample_path):
    assert pupil_premium_table(*teacher_and_dataset).loc["Yes", "pupils"] == "6"  # 6 pupils, threshold 5
    con = db.connect(sample_path)
    admin = person_with(con, "administrator")
    con.close()
    at = app_as(admin, "pages/administration.py")
    at.segmented_control(key="admin_section").set_value("Alliance").run()
    at.number_input(key="admin_alliance_threshold").set_value(7)
    at.button(key="FormSubmitter:admin_alliance-Save alliance").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    # the same data set and choices, drawn again under the new threshold (not the cached chart)
    table = pupil_premium_table(*teacher_and_dataset)
    assert table.loc["Yes", "pupils"] == "fewer than 7" and table.loc["No", "pupils"] == "withheld"
    assert table["mean"].isna().all()

"""Data sets: roles (and attainment measures), the privacy rule (flagged columns dropped or
pseudonymised before storing), all-or-nothing imports, reading back, and the alliance's disclosure
threshold carried to every figure."""

import datetime as dt
import io

import pyarrow.parquet as pq
import pytest

from research_cycle import datasets, evidence, schools
from research_cycle.lib import charts, tabular
from research_cycle.store.errors import PermissionDenied, ValidationError

CSV = (b"pupil,name,pupil_premium,score_autumn,score_summer\n"
       + b"".join(f"P{i:03d},{n} Smith,{'Yes' if i % 3 == 0 else 'No'},{90 + i},{93 + i}\n".encode()
                  for i, n in enumerate(["Amy", "Ben", "Cara", "Dev", "Eve", "Finn", "Gus", "Hana", "Ivy", "Jon", "Kai", "Lola"])))


@pytest.fixture
def item(con, world):
    return evidence.add_evidence(con, world["teacher"], world["enquiry"], {
        "title": "Reading assessments", "kind": "assessment data", "origin": "our practice",
        "collected_on": dt.date(2026, 11, 1)})


def tables(con):
    return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}


def test_flagged_name_column_must_be_dropped_or_pseudonymised(con, world, item):
    table = tabular.read_table(CSV, "scores.csv")
    assert any(c.flags for c in table.columns if c.name == "name")
    before = tables(con), con.execute("SELECT count(*) FROM change_log").fetchone()[0]
    with pytest.raises(ValidationError) as err:
        datasets.import_dataset(con, world["teacher"], item, table, name="Reading", filename="scores.csv")
    assert err.value.field == "Column 'name'" and "drop this column, or pseudonymise it" in err.value.message
    assert (tables(con), con.execute("SELECT count(*) FROM change_log").fetchone()[0]) == before
    assert con.execute("SELECT count(*) FROM dataset").fetchone()[0] == 0


def test_import_with_roles_and_read_back(con, world, item):
    table = tabular.read_table(CSV, "scores.csv")
    dataset_id = datasets.import_dataset(con, world["teacher"], item, table, name="Reading", filename="scores.csv",
                                         drop={"name"}, roles={"pupil_premium": "group"})
    meta, frame = datasets.get_dataset(con, world["teacher"], dataset_id)
    assert [c["name"] for c in meta["columns"]] == ["pupil", "pupil_premium", "score_autumn", "score_summer"]
    assert {c["name"]: c["role"] for c in meta["columns"]} == {
        "pupil": "pupil_id", "pupil_premium": "group", "score_autumn": "pre", "score_summer": "post"}
    assert len(frame) == 12 and "name" not in frame.columns
    assert frame["score_summer"].sum() == sum(93 + i for i in range(12))
    assert list(datasets.list_datasets(con, world["teacher"], world["enquiry"])["name"]) == ["Reading"]


def test_pseudonymised_column_keeps_no_original_values(con, world, item):
    table = tabular.read_table(CSV, "scores.csv")
    dataset_id = datasets.import_dataset(con, world["teacher"], item, table, name="Reading", filename="scores.csv",
                                         pseudonymise={"name"}, roles={"name": "ignore"})
    _, frame = datasets.get_dataset(con, world["teacher"], dataset_id)
    assert frame["name"].tolist()[:3] == ["P0001", "P0002", "P0003"]
    # What is stored (one Parquet file per data set) holds the codes and not the names.
    stored = con.execute("SELECT data FROM dataset_rows WHERE dataset_id = ?", [dataset_id]).fetchone()[0]
    rows = con.from_arrow(pq.read_table(io.BytesIO(stored))).fetchall()
    assert len(rows) == 12 and "P0001" in rows[0]
    assert not any("Smith" in str(v) for row in rows for v in row)


@pytest.mark.parametrize("roles,field,words", [
    ({"pupil_premium": "measure"}, "Column 'pupil_premium'", "cannot be a measure"),
    ({"score_summer": "measure"}, "Column roles", "both a pre and a post"),
    ({"pupil_premium": "pupil_id"}, "Column roles", "only one column can be the pupil id"),
    ({"score_autumn": "sideways"}, "Column 'score_autumn'", "not a column role"),
])
def test_bad_roles_are_refused(con, world, item, roles, field, words):
    table = tabular.read_table(CSV, "scores.csv")
    with pytest.raises(ValidationError) as err:
        datasets.import_dataset(con, world["teacher"], item, table, name="Reading", filename="scores.csv",
                                drop={"name"}, roles=roles)
    assert err.value.field == field and words in err.value.message
    assert con.execute("SELECT count(*) FROM dataset").fetchone()[0] == 0


def test_only_the_team_imports_and_only_readers_read(con, world, item):
    table = tabular.read_table(CSV, "scores.csv")
    with pytest.raises(PermissionDenied):
        datasets.import_dataset(con, world["other_teacher"], item, table, name="x", filename="x.csv", drop={"name"})
    dataset_id = datasets.import_dataset(con, world["teacher"], item, table, name="x", filename="x.csv", drop={"name"})
    assert len(datasets.get_dataset(con, world["facilitator"], dataset_id)[1]) == 12
    for role in ("other_teacher", "senior_leader"):
        with pytest.raises(PermissionDenied):
            datasets.get_dataset(con, world[role], dataset_id)


def test_withdrawn_consent_takes_the_data_out_of_analyses(con, world, item):
    table = tabular.read_table(CSV, "scores.csv")
    dataset_id = datasets.import_dataset(con, world["teacher"], item, table, name="x", filename="x.csv", drop={"name"})
    evidence.update_evidence(con, world["teacher"], item, {"consent": "withdrawn"})
    with pytest.raises(ValidationError, match="consent was withdrawn"):
        datasets.get_dataset(con, world["teacher"], dataset_id)


def test_attainment_measures_are_marked_on_import_and_read_back(con, world, item):
    table = tabular.read_table(CSV, "scores.csv")
    dataset_id = datasets.import_dataset(con, world["teacher"], item, table, name="Reading", filename="scores.csv",
                                         drop={"name"}, attainment={"score_autumn", "score_summer"})
    meta, _ = datasets.get_dataset(con, world["teacher"], dataset_id)
    marked = datasets.columns_by_role(meta)
    assert marked["attainment"] == ["score_autumn", "score_summer"] and marked["pre"] == ["score_autumn"]
    assert {c["name"]: c["attainment"] for c in meta["columns"]}["pupil_premium"] is False


@pytest.mark.parametrize("attainment,field", [({"pupil_premium"}, "Column 'pupil_premium'"),
                                              ({"reading_age"}, "Attainment measures")])
def test_only_score_columns_can_be_attainment_measures(con, world, item, attainment, field):
    table = tabular.read_table(CSV, "scores.csv")
    with pytest.raises(ValidationError) as err:
        datasets.import_dataset(con, world["teacher"], item, table, name="Reading", filename="scores.csv",
                                drop={"name"}, attainment=attainment)
    assert err.value.field == field
    assert con.execute("SELECT count(*) FROM dataset").fetchone()[0] == 0


def test_the_alliance_threshold_reaches_every_data_set_and_is_never_below_five(con, world, item):
    table = tabular.read_table(CSV, "scores.csv")
    dataset_id = datasets.import_dataset(con, world["teacher"], item, table, name="x", filename="x.csv", drop={"name"})
    assert datasets.get_dataset(con, world["teacher"], dataset_id)[0]["threshold"] == 5  # the default
    admin = world["administrator"]
    with pytest.raises(ValidationError, match="cannot be lower than 5"):
        schools.save_alliance(con, admin, name="Northvale TSA", disclosure_threshold=3)
    schools.save_alliance(con, admin, name="Northvale TSA", disclosure_threshold=8)
    meta, frame = datasets.get_dataset(con, world["teacher"], dataset_id)
    assert meta["threshold"] == 8 and schools.get_alliance(con)["disclosure_threshold"] == 8
    schools.save_alliance(con, admin, name="Northvale TSA, renamed")  # other edits keep the threshold
    assert schools.disclosure_threshold(con) == 8
    # 12 pupils: 4 pupil premium (fewer than 8) and so the other 8 are withheld as well
    view = charts.build(frame, charts.BY_GROUP, measure="score_autumn", pre="score_autumn", post="score_summer",
                        group="pupil_premium", threshold=meta["threshold"])
    assert set(view.table["pupils"]) == {"fewer than 8", "withheld"}


def test_columns_read_as_words_and_labels_never_collide():
    import pandas as pd

    from research_cycle import datasets as ds

    assert ds.column_label("pre_score") == "Pre score"
    assert ds.column_label("KS2__reading ") == "KS2 reading"
    meta = {"columns": [{"name": "pre_score", "role": "pre"}, {"name": "Pre score", "role": "post"},
                        {"name": "year_group", "role": "group"}]}
    by_role, frame = ds.readable(meta, pd.DataFrame({"pre_score": [1], "Pre score": [2], "year_group": ["Y4"]}))
    assert by_role == {**by_role, "pre": ["pre_score"], "post": ["Pre score"], "group": ["Year group"]}
    assert list(frame.columns) == ["pre_score", "Pre score", "Year group"]


def test_the_team_deletes_a_data_set_and_nobody_else_can(con, world, item):
    from research_cycle.store.errors import NotFound

    table = tabular.read_table(CSV, "scores.csv")
    dataset_id = datasets.import_dataset(con, world["teacher"], item, table, name="Reading", filename="scores.csv",
                                         drop={"name"})
    for who in ("other_teacher", "facilitator", "senior_leader"):
        with pytest.raises(PermissionDenied):
            datasets.delete_dataset(con, world[who], dataset_id)
    datasets.delete_dataset(con, world["teacher"], dataset_id)
    assert datasets.list_datasets(con, world["teacher"], world["enquiry"]).empty
    with pytest.raises(NotFound):
        datasets.get_dataset(con, world["teacher"], dataset_id)
    logged = con.execute("SELECT before FROM change_log WHERE entity = 'dataset' AND action = 'delete'").fetchone()
    assert logged and "Reading" in logged[0]

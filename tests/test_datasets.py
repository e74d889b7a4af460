"""Data sets: roles, the privacy rule (flagged columns dropped or pseudonymised before storing),
all-or-nothing imports, and reading back."""

import datetime as dt

import pytest

from research_cycle import datasets, evidence
from research_cycle.lib import tabular
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
    stored = con.execute(f"SELECT * FROM dataset_{dataset_id}").fetchall()
    assert not any("Smith" in str(v) for row in stored for v in row)


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

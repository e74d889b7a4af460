"""Data sets: tables uploaded as CSV or XLSX, attached to an evidence item and kept in the
store with the role of each column (pseudonymous pupil id, group, measure, pre, post) and
whether a score column is an attainment measure (only those get EEF months, and only in an
intervention vs comparison design).

Pupils are never named: a column that looks like names, dates of birth or UPNs must be dropped
or pseudonymised before anything is stored. An import is one transaction: the description and
the rows land together, or nothing does. The rows are kept as one Parquet file per data set
(``dataset_rows``), so no table is ever named from a value.
"""

from __future__ import annotations

import io
import json

import pandas as pd

from . import schools
from .enquiries import team_of
from .lib.tabular import Table
from .store import changelog, clock, db, validate
from .store.actors import Person
from .store.errors import NotFound, ValidationError
from .store.permissions import Action, require
from .store.vocab import COLUMN_ROLES, SCORE_ROLES

NUMERIC = ("number", "integer")


def _to_parquet(con, frame: pd.DataFrame) -> bytes:
    """The rows as one Parquet file, with the column types DuckDB gives them."""
    import pyarrow.parquet as pq  # imported when needed: the command line starts faster without it

    buffer = io.BytesIO()
    pq.write_table(con.from_df(frame).to_arrow_table(), buffer, compression="zstd")
    return buffer.getvalue()


def _from_parquet(con, data: bytes) -> pd.DataFrame:
    import pyarrow.parquet as pq

    return con.from_arrow(pq.read_table(io.BytesIO(data))).df()


def _pseudonyms(values: pd.Series, prefix: str) -> pd.Series:
    """Replace each distinct value by P0001, P0002... in order of first appearance (missing stays missing)."""
    codes, _ = pd.factorize(values, use_na_sentinel=True)
    width = max(4, len(str(codes.max() + 1))) if len(codes) else 4
    return pd.Series([None if c < 0 else f"{prefix}{c + 1:0{width}d}" for c in codes], index=values.index,
                     dtype="string")


def plan_columns(table: Table, roles: dict[str, str], drop=(), pseudonymise=(), attainment=()) -> list[dict]:
    """Check the user's choices for each column and return the stored description.

    Raises ValidationError when a flagged column is neither dropped nor pseudonymised, when a
    role does not fit the column's type, when pre/post/pupil id are given twice, or when a column
    that is not a score is marked as an attainment measure."""
    drop, pseudonymise, attainment = set(drop), set(pseudonymise), set(attainment)
    unknown = attainment - {c.name for c in table.columns}
    if unknown:
        raise ValidationError("Attainment measures", f"no column is called {', '.join(sorted(map(repr, unknown)))}.")
    plan = []
    for col in table.columns:
        if col.name in drop:
            continue
        role = roles.get(col.name, col.suggested_role)
        if role not in COLUMN_ROLES:
            raise ValidationError(f"Column '{col.name}'", f"'{role}' is not a column role ({', '.join(COLUMN_ROLES)}).")
        if col.flags and col.name not in pseudonymise:
            raise ValidationError(
                f"Column '{col.name}'",
                f"{' and '.join(col.flags)}. Pupils must never be named: drop this column, or pseudonymise it "
                "(each value replaced by a code such as P0001) before importing.")
        if role in ("measure", "pre", "post") and col.dtype not in NUMERIC:
            raise ValidationError(f"Column '{col.name}'", f"is {col.dtype}, so it cannot be a {role} score; "
                                  "choose 'group' or 'ignore', or fix the values in the file.")
        if col.name in attainment and role not in SCORE_ROLES:
            raise ValidationError(f"Column '{col.name}'", f"only a {', '.join(SCORE_ROLES[:-1])} or {SCORE_ROLES[-1]} "
                                  "column can be an attainment measure; untick it, or change its role.")
        plan.append({"name": col.name, "dtype": col.dtype, "role": role,
                     "pseudonymised": col.name in pseudonymise, "attainment": col.name in attainment})
    for single in ("pupil_id", "pre", "post"):
        chosen = [p["name"] for p in plan if p["role"] == single]
        if len(chosen) > 1:
            raise ValidationError("Column roles", f"only one column can be the {single.replace('_', ' ')} "
                                  f"(chosen: {', '.join(chosen)}).")
    if any(p["role"] == "pre" for p in plan) != any(p["role"] == "post" for p in plan):
        raise ValidationError("Column roles", "mark both a pre and a post column, or neither.")
    if not plan:
        raise ValidationError("Columns", "every column was dropped; keep at least one.")
    return plan


def import_dataset(con, actor: Person, evidence_id: int, table: Table, *, name: str, filename: str,
                   roles: dict[str, str] | None = None, drop=(), pseudonymise=(), attainment=()) -> int:
    """Store a checked table with an evidence item. ``attainment``: names of score columns that
    are attainment measures (tests or assessments). Returns the data set's id."""
    if evidence_id is None:
        raise ValidationError("Attach to evidence item", "choose the evidence item this table belongs to (e.g. "
                              "'Autumn reading assessment'), so the data set sits with how it was collected.")
    item = db.one(con, "datasets/evidence_team", [evidence_id])
    if item is None:
        raise NotFound("That evidence item no longer exists.")
    require(con, actor, Action.EDIT_ENQUIRY, team_id=item["team_id"])
    name = validate.text("Data set name", name, required=True, limit=validate.SHORT)
    plan = plan_columns(table, roles or {}, drop, pseudonymise, attainment)
    frame = pd.DataFrame(index=table.frame.index)
    for n, col in enumerate(plan):
        values = table.frame[col["name"]]
        frame[f"c{n}"] = _pseudonyms(values, "P") if col["pseudonymised"] else values
    with db.transaction(con):
        dataset_id = db.scalar(con, "datasets/insert_dataset", [
            evidence_id, name, filename, table.encoding, table.delimiter, table.sheet, len(frame),
            json.dumps(plan), actor.id, clock.now()])
        con.execute(db.sql("datasets/insert_rows"), [dataset_id, _to_parquet(con, frame)])
        changelog.record(con, actor.id, "dataset", dataset_id, "create", None,
                         {"evidence_id": evidence_id, "name": name, "filename": filename, "rows": len(frame),
                          "columns": plan, "dropped": sorted(drop)})
    return dataset_id


def list_datasets(con, actor: Person, enquiry_id: int) -> pd.DataFrame:
    require(con, actor, Action.READ_EVIDENCE, team_id=team_of(con, enquiry_id))
    return db.frame(con, "datasets/list_datasets", [enquiry_id])


def get_dataset(con, actor: Person, dataset_id: int) -> tuple[dict, pd.DataFrame]:
    """(description, rows with the original column names) of a live data set. The description
    carries ``threshold``: the alliance's smallest group shown, which every figure must use."""
    meta = db.one(con, "datasets/get_dataset", [dataset_id])
    if meta is None:
        raise NotFound("That data set no longer exists.")
    require(con, actor, Action.READ_EVIDENCE, team_id=meta["team_id"])
    if meta["consent"] == "withdrawn":
        raise ValidationError("Data set", "its evidence item records that consent was withdrawn, so it is left out "
                              "of analyses and documents (BERA guidelines). Delete it, or correct the consent "
                              "status if that was a mistake.")
    meta["columns"] = [{"attainment": False, **c} for c in json.loads(meta["columns"])]
    meta["threshold"] = schools.disclosure_threshold(con)
    frame = _from_parquet(con, db.scalar(con, "datasets/get_rows", [dataset_id]))
    frame.columns = [c["name"] for c in meta["columns"]]
    return meta, frame


def delete_dataset(con, actor: Person, dataset_id: int) -> None:
    meta = db.one(con, "datasets/get_dataset", [dataset_id])
    if meta is None:
        raise NotFound("That data set no longer exists.")
    require(con, actor, Action.EDIT_ENQUIRY, team_id=meta["team_id"])
    with db.transaction(con):
        con.execute(db.sql("datasets/soft_delete_dataset"), [clock.now(), dataset_id])
        changelog.record(con, actor.id, "dataset", dataset_id, "delete", {"name": meta["name"]}, None)


def column_label(name: str) -> str:
    """A column name as people read it: "pre_score" → "Pre score", "KS2_reading" → "KS2 reading"."""
    words = " ".join(str(name).replace("_", " ").split())
    return words[:1].upper() + words[1:] if words else str(name)


def readable(meta: dict, frame: pd.DataFrame) -> tuple[dict[str, list[str]], pd.DataFrame]:
    """The data set with readable column labels for charts, tables and notes: (columns by role,
    as ``columns_by_role`` gives them, and the rows), both under the labels. Columns whose labels
    would be the same keep their stored (distinct) names."""
    proposed = {col["name"]: column_label(col["name"]) for col in meta["columns"]}
    shared = {label for label in proposed.values() if list(proposed.values()).count(label) > 1}
    labels = {name: name if label in shared else label for name, label in proposed.items()}
    by_role = {role: [labels[n] for n in names] for role, names in columns_by_role(meta).items()}
    return by_role, frame.rename(columns=labels)


def columns_by_role(meta: dict) -> dict[str, list[str]]:
    """Column names of a data set by role, plus "attainment": the attainment measures."""
    found: dict[str, list[str]] = {role: [] for role in (*COLUMN_ROLES, "attainment")}
    for col in meta["columns"]:
        found[col["role"]].append(col["name"])
        if col.get("attainment"):
            found["attainment"].append(col["name"])
    return found

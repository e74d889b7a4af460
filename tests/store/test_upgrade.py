"""Stores and backups made when each data set's rows were a table of their own (``dataset_<id>``,
before migration 013) are brought into ``dataset_rows`` without losing a row, and the old tables
are gone afterwards (retention could not reach them otherwise)."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile

import pyarrow.parquet as pq
import pytest

from research_cycle import datasets
from research_cycle.store import backup, db, upgrade
from research_cycle.store.actors import SYSTEM


def _frames(con) -> dict[int, list[tuple]]:
    """Every data set's rows as the workbench reads them."""
    found = {}
    for dataset_id, in con.execute("SELECT id FROM dataset ORDER BY id").fetchall():
        _, frame = datasets.get_dataset(con, SYSTEM, dataset_id) if _consented(con, dataset_id) else (None, None)
        if frame is not None:
            found[dataset_id] = [tuple(map(str, row)) for row in frame.itertuples(index=False)]
    return found


def _consented(con, dataset_id) -> bool:
    return con.execute("SELECT e.consent <> 'withdrawn' FROM dataset d JOIN evidence_item e ON e.id = d.evidence_id "
                       "WHERE d.id = ?", [dataset_id]).fetchone()[0]


def _counts(con) -> dict[str, int]:
    """Every table's row count but the log, the migrations and where data sets' rows are kept."""
    return {name: n for name, n in db.table_counts(con).items()
            if name not in ("change_log", "schema_migrations", "dataset_rows") and not re.fullmatch(r"dataset_\d+", name)}


def _make_old(path) -> tuple[dict, dict]:
    """Turn the store at ``path`` into one made before 013: a table per data set and no dataset_rows.
    Returns (each data set's rows, each table's row count) as they were."""
    con = db.connect(path)
    try:
        frames, counts = _frames(con), _counts(con)
        for dataset_id, data in con.execute("SELECT dataset_id, data FROM dataset_rows").fetchall():
            con.from_arrow(pq.read_table(io.BytesIO(data))).create(f"dataset_{dataset_id}")
        con.execute("DROP TABLE dataset_rows")
        con.execute("DELETE FROM schema_migrations WHERE version = 13")
        con.execute("CHECKPOINT")
        assert len(upgrade.legacy_tables(con)) == len(frames) > 3
    finally:
        con.close()
    return frames, counts


@pytest.fixture
def old_store(sample_file, tmp_path):
    path = tmp_path / "store.duckdb"
    shutil.copy(sample_file, path)
    return path, *_make_old(path)


def test_an_old_store_is_rebuilt_on_opening_and_keeps_every_row(old_store, tmp_path):
    path, frames, counts = old_store
    con = upgrade.connect(path)  # as the app and the command line open it
    try:
        assert upgrade.legacy_tables(con) == []
        assert _frames(con) == frames
        assert _counts(con) == counts
        assert con.execute("SELECT count(*) FROM dataset_rows").fetchone()[0] == counts["dataset"]
    finally:
        con.close()
    # The store as it was is kept beside it, and restores as it was.
    saved = list(tmp_path.glob("store-before-upgrade-*.zip"))
    assert len(saved) == 1
    assert any(name.startswith("dataset_") and name != "dataset_rows" for name in backup.read_manifest(saved[0])["tables"])
    # Opening it again changes nothing more.
    again = upgrade.connect(path)
    again.close()
    assert len(list(tmp_path.glob("store-before-upgrade-*.zip"))) == 1


def test_an_old_backup_restores_into_dataset_rows(old_store, tmp_path):
    path, frames, counts = old_store
    con = db.connect(path, migrate=False)  # as the old workbench had it
    try:
        backup.write_backup(con, SYSTEM, tmp_path / "old.zip")
    finally:
        con.close()
    restored = tmp_path / "restored.duckdb"
    backup.restore_backup(tmp_path / "old.zip", restored)
    con = db.connect(restored)
    try:
        assert upgrade.legacy_tables(con) == []
        assert _frames(con) == frames
        assert _counts(con) == counts
    finally:
        con.close()
    assert not list(tmp_path.glob("restored-before-upgrade-*.zip"))  # nothing left to upgrade


def test_an_old_backup_with_a_short_data_set_is_refused(old_store, tmp_path):
    path, _, _ = old_store
    con = db.connect(path, migrate=False)
    try:
        manifest = backup.write_backup(con, SYSTEM, tmp_path / "old.zip")
    finally:
        con.close()
    # Claim one more row than the part holds, with the checksums kept consistent.
    name = next(n for n in manifest["tables"] if n.startswith("dataset_") and n != "dataset_rows")
    manifest["tables"][name]["rows"] += 1
    with zipfile.ZipFile(tmp_path / "old.zip") as src, zipfile.ZipFile(tmp_path / "bad.zip", "w") as dst:
        for item in src.infolist():
            data = json.dumps(manifest).encode() if item.filename == "manifest.json" else src.read(item)
            dst.writestr(item, data)
    with pytest.raises(backup.BackupError, match="rows"):
        backup.restore_backup(tmp_path / "bad.zip", tmp_path / "restored.duckdb")
    assert not (tmp_path / "restored.duckdb").exists()

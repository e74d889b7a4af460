"""Backup and restore of the whole store as one file.

A backup is a zip holding ``manifest.json`` (format, schema version, when it was made, rows and
SHA-256 of every part), ``schema.sql`` (the statements that recreate the store's sequences,
tables and indexes, read from DuckDB's catalogue) and one Parquet file per table, written inside
one read transaction so the parts agree with each other. Everything an alliance entered is in the
store: attachments are BLOBs of ``attachment`` and each data set's rows a Parquet BLOB of
``dataset_rows``, so they are in the file too. The full-text index is not: it is rebuilt before
the first search after a restore. A backup made before ``dataset_rows`` (migration 013) holds a
table per data set (``dataset_<id>``); restoring it puts those rows into ``dataset_rows``.

A restore builds the new store in a temporary file beside the target and moves it into place
only when every table has been loaded and counted, so a failed restore leaves the old store as
it was. A backup made by an older workbench is brought up to date by the usual migrations; one
made by a newer workbench is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
import zipfile
from pathlib import Path

import duckdb

from . import changelog, clock, db
from .actors import SYSTEM, Person
from .errors import StoreFault, WorkbenchError
from .permissions import Action, require

FORMAT = 1
APP = "Enquiry Workbench"
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
# A data set's own table in a store or backup made before migration 013.
_LEGACY = re.compile(r"^dataset_([0-9]+)$")
_LEGACY_TABLE = re.compile(r'^CREATE TABLE "?dataset_[0-9]+"?\(')


class BackupError(WorkbenchError):
    """A backup file that cannot be restored here, or a store that may not be replaced."""


def latest_schema_version() -> int:
    """The newest migration this copy of the workbench knows."""
    return max(int(p.name[:3]) for p in db.migration_files())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _schema_sql(cur) -> tuple[str, list[str]]:
    sequences = [f"CREATE SEQUENCE {r['sequence_name']} START {int(r['next_value'])};"
                 for r in db.rows(cur, "store/backup_sequences")]
    tables = db.rows(cur, "store/backup_tables")
    indexes = [r["sql"].rstrip(";") + ";" for r in db.rows(cur, "store/backup_indexes")]
    statements = sequences + [t["sql"].rstrip(";") + ";" for t in tables] + indexes
    return "\n".join(statements) + "\n", [t["table_name"] for t in tables]


def write_backup(con, actor: Person, target) -> dict:
    """Write the whole store to ``target`` (a path or a binary file object) and return the
    manifest. Administrators only (the command line acts as the system). Other sessions go on
    saving meanwhile; the backup holds the store as it was when it began."""
    require(con, actor, Action.BACK_UP)
    cur = con.cursor()
    with tempfile.TemporaryDirectory(prefix="workbench-backup-") as tmp:
        parts = Path(tmp)
        cur.execute("BEGIN TRANSACTION")  # one snapshot for every table
        try:
            schema_sql, tables = _schema_sql(cur)
            version = db.scalar(cur, "store/schema_version")
            manifest_tables = {}
            for name in tables:
                file = parts / f"{name}.parquet"
                relation = cur.table(name)  # names come from the catalogue; the relation API quotes them
                rows = relation.aggregate("count(*)").fetchone()[0]
                relation.write_parquet(str(file), compression="zstd")
                manifest_tables[name] = {"file": f"tables/{name}.parquet", "rows": rows, "sha256": _sha256(file)}
        finally:
            cur.execute("COMMIT")
            cur.close()
        (parts / "schema.sql").write_text(schema_sql, encoding="utf-8")
        manifest = {
            "app": APP, "format": FORMAT, "schema_version": int(version),
            "created_at": clock.now().isoformat(timespec="seconds"),
            "schema_sha256": _sha256(parts / "schema.sql"), "tables": manifest_tables,
        }
        # Parquet is compressed already: the zip only stores it.
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as zf:
            zf.writestr("manifest.json", json.dumps(manifest, indent=1))
            zf.write(parts / "schema.sql", "schema.sql")
            for name, entry in manifest_tables.items():
                zf.write(parts / f"{name}.parquet", entry["file"])
    try:
        with db.transaction(con):
            changelog.record(con, actor.id, "store", "backup", "backup", None,
                             {"schema_version": manifest["schema_version"], "tables": len(manifest_tables),
                              "rows": sum(t["rows"] for t in manifest_tables.values())})
    except StoreFault:
        pass  # a read-only store can still be backed up; it cannot record that it was
    return manifest


def read_manifest(source) -> dict:
    """The manifest of a backup file, checked: a workbench backup this version can restore."""
    try:
        with zipfile.ZipFile(source) as zf:
            manifest = json.loads(zf.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise BackupError(f"{_label(source)} is not a workbench backup (it has no readable manifest). "
                          "Choose a file made by 'python -m research_cycle backup' or the Backup section.") from exc
    if manifest.get("app") != APP or not isinstance(manifest.get("tables"), dict):
        raise BackupError(f"{_label(source)} is not a workbench backup. Choose a file made by "
                          "'python -m research_cycle backup' or the Backup section.")
    known = latest_schema_version()
    if manifest.get("format", 0) > FORMAT or int(manifest.get("schema_version", 0)) > known:
        raise BackupError(
            f"This backup was made by a newer version of the workbench (store version "
            f"{manifest.get('schema_version')}; this one knows up to {known}). Nothing was restored. "
            "Update the workbench to the version that made the backup (or newer), then restore again.")
    return manifest


def _label(source) -> str:
    return str(source) if isinstance(source, (str, os.PathLike)) else "The file"


def restore_backup(source, path, *, force: bool = False) -> dict:
    """Restore the backup ``source`` (path or binary file) into the store file ``path``.

    Refuses a store that already holds data unless ``force``; refuses a damaged file (a part whose
    SHA-256 differs) and one from a newer workbench, each with the reason and what to do. Returns
    the manifest."""
    manifest = read_manifest(source)
    target = Path(path)
    if not force and not _is_empty(target):
        raise BackupError(f"{target} already holds data; nothing changed. Restore into a new file, or add "
                          "--force to replace it (a copy of it is kept as a backup first is wise).")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="workbench-restore-") as tmp:
        parts = Path(tmp)
        with zipfile.ZipFile(source) as zf:
            zf.extract("schema.sql", parts)
            _check(parts / "schema.sql", manifest["schema_sha256"], "schema.sql")
            for name, entry in manifest["tables"].items():
                if not _NAME.match(name) or entry["file"] != f"tables/{name}.parquet":
                    raise BackupError(f"The backup names a table '{name}' the workbench does not use; it was "
                                      "not made by the workbench. Nothing was restored.")
                zf.extract(entry["file"], parts)
                _check(parts / entry["file"], entry["sha256"], entry["file"])
        fresh = target.with_name(f".{target.name}.restoring")
        for suffix in ("", ".wal"):
            Path(f"{fresh}{suffix}").unlink(missing_ok=True)
        con = db.connect(fresh, migrate=False)
        try:
            con.execute("SET enable_progress_bar = false")  # the command line prints its own summary
            _load(con, parts, manifest)
            db.apply_migrations(con)  # an older backup is brought up to this version
            _adopt_legacy_datasets(con, parts, manifest)
            with db.transaction(con):
                changelog.record(con, SYSTEM.id, "store", "restore", "restore", None,
                                 {"backup_created_at": manifest["created_at"],
                                  "schema_version": manifest["schema_version"]})
            con.execute("CHECKPOINT")
        except BaseException:
            con.close()
            for suffix in ("", ".wal"):  # a failed restore leaves nothing behind
                Path(f"{fresh}{suffix}").unlink(missing_ok=True)
            raise
        con.close()
    for suffix in ("", ".wal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(fresh, target)
    return manifest


def _check(file: Path, expected: str, label: str) -> None:
    if _sha256(file) != expected:
        raise BackupError(f"The backup is damaged: {label} is not what was written (its checksum differs). "
                          "Nothing was restored; use another copy of the backup.")


def _load(con, parts: Path, manifest: dict) -> None:
    with db.transaction(con):
        for statement in _schema_statements((parts / "schema.sql").read_text(encoding="utf-8")):
            if not _LEGACY_TABLE.match(statement):  # their rows go into dataset_rows instead
                con.execute(statement)
        created = {r["table_name"] for r in db.rows(con, "store/backup_tables")}
        for name, entry in manifest["tables"].items():
            if _LEGACY.match(name):
                continue
            if name not in created:
                raise BackupError(f"The backup holds rows for '{name}' but no table for them. Nothing was restored.")
            # Through the relation API (no SQL text): the file's columns, in the new table's order.
            columns = [duckdb.ColumnExpression(c) for c in con.table(name).columns]
            con.read_parquet(str(parts / entry["file"])).select(*columns).insert_into(name)
            loaded = con.table(name).aggregate("count(*)").fetchone()[0]
            if loaded != entry["rows"]:
                raise BackupError(f"The backup's {name} should hold {entry['rows']} rows but {loaded} were read. "
                                  "Nothing was restored; use another copy of the backup.")
        if "search_state" in created:
            con.execute(db.sql("store/mark_search_stale"))


def _adopt_legacy_datasets(con, parts: Path, manifest: dict) -> None:
    """Put the rows of each old per-data-set table (a backup made before migration 013) into
    dataset_rows: the backup's Parquet part is already the file dataset_rows keeps."""
    import pyarrow.parquet as pq

    with db.transaction(con):
        for name, entry in manifest["tables"].items():
            found = _LEGACY.match(name)
            if not found:
                continue
            file = parts / entry["file"]
            if pq.read_metadata(file).num_rows != entry["rows"]:
                raise BackupError(f"The backup's {name} should hold {entry['rows']} rows but another number was "
                                  "read. Nothing was restored; use another copy of the backup.")
            dataset_id = int(found.group(1))
            con.execute(db.sql("store/adopt_dataset_rows"), [dataset_id, file.read_bytes(), dataset_id])


# The only statements a backup's schema.sql may hold: one a line, as write_backup writes them.
# A file that passed its checksum may still have been made by someone else, so nothing else runs.
_STATEMENT = re.compile(r'^CREATE (SEQUENCE [a-z_][a-z0-9_]* START \d+'
                        r'|TABLE "?[a-z_][a-z0-9_]*"?\([^;]*\)'
                        r'|(UNIQUE )?INDEX [a-z_][a-z0-9_]* ON "?[a-z_][a-z0-9_]*"?\([^;]*\));$')


def _schema_statements(text: str) -> list[str]:
    statements = [line for line in text.splitlines() if line.strip()]
    for line in statements:
        if not _STATEMENT.match(line) or " AS SELECT" in line.upper():
            raise BackupError("The backup's schema holds a statement the workbench does not write; it was not made "
                              "by the workbench (or was altered). Nothing was restored.")
    return statements


def _is_empty(path: Path) -> bool:
    if not path.exists():
        return True
    try:
        con = db.connect(path, read_only=True)
    except duckdb.Error as exc:
        raise BackupError(f"{path} exists but is not a workbench store ({exc}). Nothing changed.") from exc
    try:
        counts = db.table_counts(con)
    finally:
        con.close()
    return all(n == 0 for name, n in counts.items() if name not in ("schema_migrations", "search_state"))


def backup_filename(when: dt.datetime | None = None) -> str:
    """A file name that sorts by date: workbench-backup-YYYY-MM-DD-HHMM.zip."""
    return f"workbench-backup-{(when or clock.now()):%Y-%m-%d-%H%M}.zip"

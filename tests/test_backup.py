"""Backup and restore: one file holds the whole store, and a round trip loses nothing."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import pytest

from research_cycle import __main__ as cli
from research_cycle.store import backup, db
from research_cycle.store.actors import SYSTEM
from research_cycle.store.errors import PermissionDenied
from research_cycle.tools import generate


def _snapshot(con) -> dict:
    """Every row of every table, in a stable order, and every sequence's next value."""
    tables = {}
    for name in db.table_counts(con):
        relation = con.table(name)
        if name == "change_log":  # the restore's own entry is the one row a restore adds
            relation = relation.filter("NOT (entity = 'store' AND entity_id IN ('backup', 'restore'))")
        tables[name] = relation.order(", ".join(f"#{i + 1}" for i in range(len(relation.columns)))).fetchall()
    sequences = dict(con.execute("SELECT sequence_name, coalesce(last_value + 1, start_value) FROM duckdb_sequences()").fetchall())
    return {"tables": tables, "sequences": sequences}


def _same(before, after):
    """Every table equal row by row; every sequence gives next at least what it would have given (no id reused)."""
    assert set(after["tables"]) == set(before["tables"])
    for name, rows in before["tables"].items():
        assert after["tables"][name] == rows, name
    assert set(after["sequences"]) == set(before["sequences"])
    for name, value in before["sequences"].items():
        assert after["sequences"][name] >= value, name


def _round_trip(con, tmp_path):
    before = _snapshot(con)
    file = tmp_path / "store-backup.zip"
    manifest = backup.write_backup(con, SYSTEM, file)
    restored_path = tmp_path / "restored.duckdb"
    backup.restore_backup(file, restored_path)
    restored = db.connect(restored_path)
    try:
        after = _snapshot(restored)
        log = restored.execute("SELECT action FROM change_log WHERE entity = 'store'").fetchall()
    finally:
        restored.close()
    return before, after, manifest, log


def test_the_sample_survives_a_round_trip_row_by_row(sample_con, tmp_path):
    from research_cycle import evidence
    evidence_id = sample_con.execute("SELECT min(id) FROM evidence_item").fetchone()[0]
    payload = b"Notes from the pupil voice session.\n" + bytes(range(256)).hex().encode()
    evidence.add_attachment(sample_con, SYSTEM, evidence_id, "session notes.txt", payload)
    before, after, manifest, log = _round_trip(sample_con, tmp_path)
    _same(before, after)
    # Attachments and data sets' rows (BLOBs) are in the file.
    assert before["tables"]["attachment"] and manifest["tables"]["dataset_rows"]["rows"] == len(before["tables"]["dataset"])
    assert manifest["schema_version"] == backup.latest_schema_version()
    assert manifest["tables"]["evidence_item"]["rows"] == len(before["tables"]["evidence_item"])
    assert log == [("restore",)]


def test_a_generated_alliance_survives_a_round_trip(con, tmp_path):
    generate.generate(con, schools=6, cycles=2, seed=11, evidence_per_enquiry=4)
    before, after, _, _ = _round_trip(con, tmp_path)
    _same(before, after)
    assert len(before["tables"]["evidence_item"]) > 20


def test_a_restored_store_takes_new_rows_and_searches(sample_con, tmp_path):
    from research_cycle import people, schools
    from research_cycle.store import search

    file = tmp_path / "b.zip"
    backup.write_backup(sample_con, SYSTEM, file)
    backup.restore_backup(file, tmp_path / "r.duckdb")
    restored = db.connect(tmp_path / "r.duckdb")
    school = schools.list_schools(restored).iloc[0]
    new_id = people.create_person(restored, SYSTEM, name="New Person", email="new.person@example.sch.uk",
                                  school_id=int(school.id), roles=["teacher"])
    assert new_id > max(int(i) for i in sample_con.execute("SELECT id FROM person").fetchall()[-1])
    assert search.ensure_index(restored)  # the index is rebuilt after a restore
    restored.close()


def test_restore_refuses_a_store_that_holds_data_unless_forced(sample_file, sample_con, tmp_path):
    file = tmp_path / "b.zip"
    backup.write_backup(sample_con, SYSTEM, file)
    target = tmp_path / "busy.duckdb"
    other = db.connect(target)
    generate.generate(other, schools=2, cycles=1, seed=3, evidence_per_enquiry=1)
    other.close()
    with pytest.raises(backup.BackupError, match="already holds data"):
        backup.restore_backup(file, target)
    still = db.connect(target)
    assert still.execute("SELECT count(*) FROM school").fetchone()[0] == 2
    still.close()
    backup.restore_backup(file, target, force=True)
    replaced = db.connect(target)
    assert replaced.execute("SELECT count(*) FROM school").fetchone()[0] == sample_con.execute(
        "SELECT count(*) FROM school").fetchone()[0]
    replaced.close()


def _rewrite(src, dst, change):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item, change(item.filename, zin.read(item.filename)))


def test_a_backup_from_a_newer_workbench_is_refused_with_a_clear_message(con, tmp_path):
    file = tmp_path / "b.zip"
    backup.write_backup(con, SYSTEM, file)

    def newer(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["schema_version"] = backup.latest_schema_version() + 1
        return json.dumps(manifest).encode()

    _rewrite(file, tmp_path / "newer.zip", newer)
    with pytest.raises(backup.BackupError, match="newer version of the workbench") as refused:
        backup.restore_backup(tmp_path / "newer.zip", tmp_path / "r.duckdb")
    assert "Update the workbench" in str(refused.value)
    assert not (tmp_path / "r.duckdb").exists()


def test_a_damaged_backup_or_another_file_restores_nothing(sample_con, tmp_path):
    file = tmp_path / "b.zip"
    backup.write_backup(sample_con, SYSTEM, file)
    _rewrite(file, tmp_path / "bad.zip",
             lambda name, data: data[:-40] + bytes(40) if name == "tables/attachment.parquet" else data)
    with pytest.raises(backup.BackupError, match="damaged"):
        backup.restore_backup(tmp_path / "bad.zip", tmp_path / "r.duckdb")
    (tmp_path / "notes.zip").write_bytes(b"not a zip at all")
    with pytest.raises(backup.BackupError, match="not a workbench backup"):
        backup.restore_backup(tmp_path / "notes.zip", tmp_path / "r.duckdb")
    assert not (tmp_path / "r.duckdb").exists()


def test_only_administrators_back_up(con, world, tmp_path):
    for role in ("teacher", "facilitator", "senior_leader"):
        with pytest.raises(PermissionDenied):
            backup.write_backup(con, world[role], tmp_path / f"{role}.zip")
    manifest = backup.write_backup(con, world["administrator"], tmp_path / "a.zip")
    assert manifest["tables"]["person"]["rows"] == con.execute("SELECT count(*) FROM person").fetchone()[0] == 5
    entry = con.execute("SELECT actor_id, action FROM change_log WHERE entity = 'store'").fetchall()
    assert entry == [(world["administrator"].id, "backup")]


def test_command_line_backup_and_restore(sample_file, tmp_path, capsys):
    out = tmp_path / "nightly"
    out.mkdir()
    assert cli.main(["backup", "--db", str(sample_file), "--to", str(out)]) == 0
    [file] = out.iterdir()
    assert file.name.startswith("workbench-backup-") and file.suffix == ".zip"
    assert "Backed up" in capsys.readouterr().out
    target = tmp_path / "restored.duckdb"
    assert cli.main(["restore", "--from", str(file), "--db", str(target)]) == 0
    assert cli.main(["restore", "--from", str(file), "--db", str(target)]) == 1
    assert "--force" in capsys.readouterr().err
    assert cli.main(["restore", "--from", str(file), "--db", str(target), "--force"]) == 0


def test_command_line_says_plainly_when_another_program_holds_the_store(sample_file, tmp_path):
    import shutil
    path = tmp_path / "held.duckdb"
    shutil.copy(sample_file, path)
    holder = subprocess.Popen([sys.executable, "-c",
                               "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('open', flush=True); "
                               "time.sleep(60)", str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        result = subprocess.run([sys.executable, "-m", "research_cycle", "backup", "--db", str(path), "--to",
                                 str(tmp_path / "b.zip")], cwd=db.PROJECT_ROOT, capture_output=True, text=True)
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 1
    assert "is open in another program" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "b.zip").exists()


def test_a_read_only_store_can_still_be_backed_up(sample_file, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("WORKBENCH_READ_ONLY", "1")
    assert cli.main(["backup", "--db", str(sample_file), "--to", str(tmp_path / "ro.zip")]) == 0
    manifest = backup.read_manifest(tmp_path / "ro.zip")
    assert manifest["tables"]["school"]["rows"] == 8
    assert cli.main(["backup", "--db", str(sample_file), "--to", str(tmp_path / "missing" / "x.zip")]) == 1
    assert "could not be written" in capsys.readouterr().err


def test_a_backup_from_an_older_workbench_is_brought_up_to_date(tmp_path, monkeypatch):
    every = db.migration_files()
    with monkeypatch.context() as m:
        m.setattr(db, "migration_files", lambda: every[:7])  # a workbench from before retention (008)
        old = db.connect(tmp_path / "old.duckdb")
        old.execute("INSERT INTO school (urn, name, phase, type, pupils, pct_pupil_premium, pct_eal, pct_send) "
                    "VALUES ('100001', 'Brookside Primary', 'primary', 'community (maintained)', 240, 35.5, 12, 14.2)")
        old.execute("INSERT INTO cycle (label, starts_on, ends_on) VALUES ('2020/21', '2020-09-01', '2021-07-31')")
        manifest = backup.write_backup(old, SYSTEM, tmp_path / "old.zip")
        old.close()
    assert manifest["schema_version"] == 7 < backup.latest_schema_version()
    backup.restore_backup(tmp_path / "old.zip", tmp_path / "new.duckdb")
    new = db.connect(tmp_path / "new.duckdb")
    versions = [r[0] for r in new.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()]
    assert versions == [int(p.name[:3]) for p in every]
    assert new.execute("SELECT label, retention_years FROM cycle").fetchall() == [("2020/21", None)]
    assert new.execute("SELECT name FROM school").fetchall() == [("Brookside Primary",)]
    new.close()


def test_command_line_says_plainly_when_the_disk_is_full(sample_file, tmp_path, monkeypatch, capsys):
    import duckdb

    def full(*args, **kwargs):
        raise duckdb.IOException("Could not write file: No space left on device")

    monkeypatch.setattr(backup, "restore_backup", full)
    assert cli.main(["restore", "--from", str(sample_file), "--db", str(tmp_path / "r.duckdb")]) == 1
    err = capsys.readouterr().err
    assert "disk is full" in err and "Nothing was stored" in err and "Traceback" not in err


def test_a_backup_whose_schema_was_altered_runs_nothing_of_it(con, tmp_path):
    """A file can pass its checksums and still not be the workbench's (the manifest is rewritten
    with it): only the statements a backup writes are run."""
    import hashlib
    file = tmp_path / "b.zip"
    backup.write_backup(con, SYSTEM, file)
    leak = tmp_path / "leak.csv"
    extra = f"CREATE TABLE x(a INTEGER); COPY (SELECT 1) TO '{leak}' (FORMAT csv);\n".encode()
    schema = zipfile.ZipFile(file).read("schema.sql") + extra

    def altered(name, data):
        if name == "schema.sql":
            return schema
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["schema_sha256"] = hashlib.sha256(schema).hexdigest()
            return json.dumps(manifest).encode()
        return data

    _rewrite(file, tmp_path / "altered.zip", altered)
    with pytest.raises(backup.BackupError, match="not made by the workbench"):
        backup.restore_backup(tmp_path / "altered.zip", tmp_path / "r.duckdb")
    assert not leak.exists() and not (tmp_path / "r.duckdb").exists()
    assert not list(tmp_path.glob(".r.duckdb.restoring*"))

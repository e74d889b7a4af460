import subprocess
import sys

import duckdb
import pytest

from research_cycle.store import db


def test_migrations_are_recorded_and_rerunning_is_a_no_op(con):
    names = [r[0] for r in con.execute("SELECT name FROM schema_migrations ORDER BY version").fetchall()]
    assert names == [p.stem for p in db.migration_files()]
    assert db.apply_migrations(con) == []
    assert con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(names)


def test_reopening_a_file_store_keeps_data_and_does_not_reapply(tmp_path):
    path = tmp_path / "s.duckdb"
    first = db.connect(path)
    first.execute("INSERT INTO cycle (label, starts_on, ends_on) VALUES ('2026/27', '2026-09-01', '2027-07-31')")
    first.close()
    again = db.connect(path)
    assert again.execute("SELECT label FROM cycle").fetchall() == [("2026/27",)]
    assert again.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(db.migration_files())
    again.close()


def test_full_text_search_extension_loads_offline(con):
    loaded = con.execute("SELECT loaded FROM duckdb_extensions() WHERE extension_name = 'fts'").fetchone()
    assert loaded == (True,)
    assert con.execute("SELECT current_setting('autoinstall_known_extensions')").fetchone()[0] is False


def test_transaction_rolls_back_everything_on_error(con):
    with pytest.raises(RuntimeError):
        with db.transaction(con):
            con.execute("INSERT INTO cycle (label, starts_on, ends_on) VALUES ('2026/27', '2026-09-01', '2027-07-31')")
            raise RuntimeError("boom")
    assert con.execute("SELECT count(*) FROM cycle").fetchone()[0] == 0


def test_nested_transaction_joins_the_outer_one(con):
    with pytest.raises(RuntimeError):
        with db.transaction(con):
            with db.transaction(con):
                con.execute("INSERT INTO cycle (label, starts_on, ends_on) VALUES ('2026/27', '2026-09-01', '2027-07-31')")
            raise RuntimeError("outer fails after inner finished")
    assert con.execute("SELECT count(*) FROM cycle").fetchone()[0] == 0


def test_a_store_held_by_another_process_gives_a_clear_message(tmp_path):
    path = tmp_path / "held.duckdb"
    db.connect(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb,time; c=duckdb.connect({str(path)!r}); print('ready', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(db.StoreLockedError) as err:
            db.connect(path)
        assert "open in another program" in str(err.value)
    finally:
        holder.kill()
        holder.wait()


def test_named_queries_all_have_a_leading_comment():
    files = sorted((db.SQL_DIR).rglob("*.sql"))
    assert files
    for f in files:
        if f.parent.name == "schema":
            continue
        assert f.read_text().startswith("-- "), f"{f} should start with a comment saying what it is for"


def test_cursors_share_the_store(tmp_path):
    con = db.connect(tmp_path / "c.duckdb")
    a, b = con.cursor(), con.cursor()
    with db.transaction(a):
        a.execute("INSERT INTO cycle (label, starts_on, ends_on) VALUES ('2026/27', '2026-09-01', '2027-07-31')")
    assert b.execute("SELECT count(*) FROM cycle").fetchone()[0] == 1
    assert isinstance(con, duckdb.DuckDBPyConnection)


def test_two_sessions_saving_the_same_row_at_once_do_not_conflict(tmp_path):
    import threading

    con = db.connect(tmp_path / "t.duckdb")
    con.execute("INSERT INTO cycle (label, starts_on, ends_on) VALUES ('2026/27', '2026-09-01', '2027-07-31')")
    errors = []

    def save(cursor, label):
        try:
            for _ in range(25):
                with db.transaction(cursor):
                    cursor.execute("UPDATE cycle SET label = ? WHERE id = 1", [label])
        except Exception as exc:  # pragma: no cover - the failure being tested for
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(con.cursor(), label)) for label in ("2026/27", "2026/28")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert con.execute("SELECT label FROM cycle").fetchone()[0] in ("2026/27", "2026/28")

import subprocess
import sys

from research_cycle import __main__ as cli
from research_cycle.store import db


def run(*args):
    return subprocess.run([sys.executable, "-m", "research_cycle", *args], cwd=db.PROJECT_ROOT,
                          capture_output=True, text=True)


def test_init_db_creates_an_empty_store_and_info_counts_rows(tmp_path, capsys):
    path = tmp_path / "new.duckdb"
    assert cli.main(["init-db", "--db", str(path)]) == 0
    assert cli.main(["info", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "school" in out and "schema_migrations" in out


def test_init_db_with_sample_refuses_to_overwrite_without_force(tmp_path, capsys):
    path = tmp_path / "s.duckdb"
    assert cli.main(["init-db", "--sample", "--db", str(path)]) == 0
    con = db.connect(path)
    con.execute("UPDATE school SET name = 'Changed by a user'")
    con.close()
    assert cli.main(["init-db", "--sample", "--db", str(path)]) == 1
    assert "--force" in capsys.readouterr().err
    con = db.connect(path)
    assert con.execute("SELECT count(*) FROM school WHERE name = 'Changed by a user'").fetchone()[0] > 0
    con.close()
    assert cli.main(["init-db", "--sample", "--force", "--db", str(path)]) == 0
    con = db.connect(path)
    assert con.execute("SELECT count(*) FROM school WHERE name = 'Changed by a user'").fetchone()[0] == 0
    con.close()


def test_info_on_a_missing_store_says_how_to_create_it(tmp_path, capsys):
    assert cli.main(["info", "--db", str(tmp_path / "none.duckdb")]) == 1
    assert "init-db --sample" in capsys.readouterr().err


def test_generate_is_deterministic_by_seed(tmp_path):
    def snapshot(path):
        con = db.connect(path)
        rows = con.execute(
            "SELECT s.urn, s.name, s.pct_pupil_premium, c.label, e.question FROM team t JOIN school s ON s.id = t.school_id "
            "JOIN cycle c ON c.id = t.cycle_id JOIN enquiry e ON e.team_id = t.id ORDER BY ALL").fetchall()
        counts = db.table_counts(con)
        con.close()
        counts.pop("change_log")
        return rows, counts

    for name in ("a", "b"):
        assert cli.main(["generate", "--schools", "12", "--cycles", "3", "--seed", "7", "--db", str(tmp_path / f"{name}.duckdb")]) == 0
    assert cli.main(["generate", "--schools", "12", "--cycles", "3", "--seed", "8", "--db", str(tmp_path / "c.duckdb")]) == 0
    a, b, c = (snapshot(tmp_path / f"{n}.duckdb") for n in "abc")
    assert a == b and a != c
    rows, counts = a
    assert counts["school"] == 12 and counts["cycle"] == 3
    assert 0.5 * 12 * 3 <= counts["team"] <= 12 * 3
    assert counts["question_revision"] > counts["team"] * 0.9


def test_generate_refuses_a_store_with_data(tmp_path, capsys):
    path = str(tmp_path / "g.duckdb")
    assert cli.main(["generate", "--schools", "3", "--cycles", "1", "--db", path]) == 0
    assert cli.main(["generate", "--schools", "3", "--cycles", "1", "--db", path]) == 1


def test_bench_prints_a_median_for_every_page_and_role(tmp_path):
    path = tmp_path / "b.duckdb"
    assert cli.main(["generate", "--schools", "6", "--cycles", "2", "--db", str(path)]) == 0
    result = run("bench", "--db", str(path), "--runs", "2", "--no-first-page", "--switches", "0")
    assert result.returncode == 0, result.stderr
    lines = [line.split() for line in result.stdout.splitlines() if line.startswith("pages/")]
    from research_cycle.tools.bench import PAGES
    assert sorted((p, r) for p, r, *_ in lines) == sorted((p, r) for p, roles in PAGES.items() for r in roles)
    assert all(float(median) > 0 for *_, median in lines)


def test_a_locked_store_is_reported_plainly(tmp_path):
    path = tmp_path / "l.duckdb"
    db.connect(path).close()
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb,time; c = duckdb.connect({str(path)!r}); print('ok', flush=True); time.sleep(30)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        holder.stdout.readline()
        result = run("info", "--db", str(path))
        assert result.returncode == 1
        assert "open in another program" in result.stderr
        assert "Traceback" not in result.stderr
    finally:
        holder.kill()
        holder.wait()

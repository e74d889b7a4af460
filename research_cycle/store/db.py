"""The store: one DuckDB file per alliance.

Opening a store applies pending migrations from ``sql/schema`` and loads the full-text-search
extension from its Python wheel, so nothing ever reaches the network. Named queries live in
``sql/<area>/<verb_noun>.sql`` and are loaded with :func:`sql`. Every write goes through
:func:`transaction`, which serialises writers in this process (so two sessions saving the same
row never conflict) and rolls back on any error.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import duckdb

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SQL_DIR = PROJECT_ROOT / "sql"
DEFAULT_DB = PROJECT_ROOT / "data" / "workbench.duckdb"

_write_lock = threading.RLock()


class StoreLockedError(RuntimeError):
    """Another program holds the store file open for writing."""


def db_path(path: str | os.PathLike | None = None) -> Path | str:
    """Where the store lives: the argument, else ``WORKBENCH_DB``, else ``data/workbench.duckdb``."""
    if path is not None:
        return path if str(path) == ":memory:" else Path(path)
    env = os.environ.get("WORKBENCH_DB")
    return Path(env) if env else DEFAULT_DB


@functools.cache
def sql(name: str) -> str:
    """The text of a named query, e.g. ``sql("enquiries/get_enquiry")``."""
    path = SQL_DIR / f"{name}.sql"
    return path.read_text(encoding="utf-8")


def _fts_extension_file() -> Path | None:
    try:
        import duckdb_extension_fts
    except ImportError:  # pragma: no cover - pinned in requirements
        return None
    base = Path(duckdb_extension_fts.__file__).parent / "extensions"
    found = sorted(base.glob(f"v{duckdb.__version__}/fts.duckdb_extension"))
    return found[0] if found else None


def connect(path: str | os.PathLike | None = None, *, migrate: bool = True) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the store and bring its schema up to date.

    Raises :class:`StoreLockedError` with a plain explanation when another process holds the
    file, because DuckDB allows one writing process per file.
    """
    target = db_path(path)
    if target == ":memory:":
        ext_dir = PROJECT_ROOT / "data" / "extensions"
    else:
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        ext_dir = target.parent / "extensions"
    ext_dir.mkdir(parents=True, exist_ok=True)
    config = {
        "autoinstall_known_extensions": "false",
        "autoload_known_extensions": "false",
        "extension_directory": str(ext_dir),
    }
    try:
        con = duckdb.connect(str(target), config=config)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise StoreLockedError(
                f"The store {target} is open in another program (perhaps another copy of the "
                "workbench or a command-line tool). Close that program, or point WORKBENCH_DB "
                "at a different file, and try again."
            ) from exc
        raise
    _load_fts(con)
    if migrate:
        apply_migrations(con)
    return con


def _load_fts(con: duckdb.DuckDBPyConnection) -> None:
    ext = _fts_extension_file()
    if ext is None:
        return
    try:
        con.load_extension("fts")
    except duckdb.Error:
        con.install_extension(str(ext))  # a file inside the pinned wheel: no download
        con.load_extension("fts")


def migration_files() -> list[Path]:
    return sorted((SQL_DIR / "schema").glob("[0-9][0-9][0-9]_*.sql"))


def apply_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply every migration not yet recorded, each in its own transaction. Returns their names."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for path in migration_files():
        version = int(path.name[:3])
        if version in done:
            continue
        with transaction(con):
            con.execute(path.read_text(encoding="utf-8"))
            con.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, path.stem]
            )
        applied.append(path.stem)
    return applied


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Run the block as one transaction: all of it is stored, or none of it.

    Writers in this process are serialised with a lock, so two sessions saving the same row
    do not conflict; nested use joins the outer transaction.
    """
    with _write_lock:
        if getattr(_tx_state, "depth", 0):
            _tx_state.depth += 1
            try:
                yield con
            finally:
                _tx_state.depth -= 1
            return
        con.execute("BEGIN TRANSACTION")
        _tx_state.depth = 1
        try:
            yield con
        except BaseException:
            with contextlib.suppress(duckdb.Error):
                con.execute("ROLLBACK")
            raise
        else:
            con.execute("COMMIT")
        finally:
            _tx_state.depth = 0


_tx_state = threading.local()


def rows(con: duckdb.DuckDBPyConnection, name: str, params=None) -> list[dict]:
    """Run a named query and return its rows as dicts."""
    cur = con.execute(sql(name), params or [])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def one(con: duckdb.DuckDBPyConnection, name: str, params=None) -> dict | None:
    found = rows(con, name, params)
    return found[0] if found else None


def scalar(con: duckdb.DuckDBPyConnection, name: str, params=None):
    row = con.execute(sql(name), params or []).fetchone()
    return row[0] if row else None


def frame(con: duckdb.DuckDBPyConnection, name: str, params=None):
    """Run a named query and return a pandas DataFrame."""
    return con.execute(sql(name), params or []).df()


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per table of the store (for ``info``)."""
    names = [r[0] for r in con.execute(sql("store/list_tables")).fetchall()]
    counts = {}
    for name in names:
        # Names come from the catalogue; the relation API quotes them (identifiers cannot be bound).
        counts[name] = con.table(name).aggregate("count(*)").fetchone()[0]
    return counts

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

from . import readcache
from .errors import StoreFault

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


def connect(path: str | os.PathLike | None = None, *, migrate: bool = True,
            read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the store and bring its schema up to date.

    Raises :class:`StoreLockedError` with a plain explanation when another process holds the
    file, because DuckDB allows one writing process per file. A store opened ``read_only`` (or
    ``WORKBENCH_READ_ONLY=1``: a copy on read-only media) can be read; every save is refused
    with a :class:`StoreFault` that says so.
    """
    read_only = read_only or os.environ.get("WORKBENCH_READ_ONLY") == "1"
    target = db_path(path)
    if target == ":memory:":
        ext_dir = PROJECT_ROOT / "data" / "extensions"
    else:
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        ext_dir = target.parent / "extensions"
    ext_dir.mkdir(parents=True, exist_ok=True)
    config = {
        "access_mode": "READ_ONLY" if read_only and target != ":memory:" else "AUTOMATIC",
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
    if migrate and not read_only:
        apply_migrations(con)
    return con


def _load_fts(con: duckdb.DuckDBPyConnection) -> None:
    ext = _fts_extension_file()
    if ext is None:
        return
    try:
        con.load_extension("fts")
        return
    except duckdb.Error:
        pass
    try:
        con.install_extension(str(ext))  # a file inside the pinned wheel: no download
        con.load_extension("fts")
    except duckdb.Error:
        # Installing copies the file into the store's folder, which fails when the disk is full
        # or read-only: load it straight from the wheel instead, so start-up never fails on it.
        con.load_extension(str(ext))



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
            con.execute("COMMIT")
            readcache.changed()
        except BaseException as exc:
            with contextlib.suppress(duckdb.Error):
                con.execute("ROLLBACK")
            fault = store_fault(exc)
            if fault is not None:
                raise fault from exc
            raise
        finally:
            _tx_state.depth = 0


_tx_state = threading.local()

# What DuckDB says when the store cannot be written, and what the user should do about it.
_FAULTS = (
    (("no space left", "disk is full", "could not write", "out of disk"),
     "The store could not be saved because the disk is full. Nothing was stored and your text is still in "
     "the form. Ask your administrator to free some space (or move the store, WORKBENCH_DB), then save again."),
    (("read-only", "read only", "permission denied", "attempt to write a readonly"),
     "The store is open read-only (a copy on read-only media, or a file without write permission), so "
     "nothing can be saved. Your text is still in the form. Ask your administrator to open the "
     "workbench on a writable copy of the store."),
)


def store_fault(exc: BaseException) -> StoreFault | None:
    """The plain-language StoreFault for a DuckDB error that means the store cannot be written
    (full disk, read-only file), else None."""
    if not isinstance(exc, duckdb.Error):
        return None
    text = str(exc).lower()
    for needles, message in _FAULTS:
        if any(n in text for n in needles):
            return StoreFault(message)
    return None


def _read(con, kind: str, name: str, params, run):
    """A named read query's result; on the app's cursors, kept until the next write (readcache)."""
    if getattr(_tx_state, "depth", 0):  # a save reading what it is about to change: always fresh
        return run()
    if kind != "object" and readcache.writes(sql(name)):
        result = run()
        readcache.changed()  # a write outside a transaction (none should be) still empties the cache
        return result
    if name.startswith(readcache.NEVER):
        return run()
    return readcache.read(con, kind, name, params, run)


def remember(con, name: str, key, compute):
    """``compute()``, kept on the app's cursors until the next write like a named query's rows
    (readcache). For costly results made only from the store's rows and ``key`` (a write-up's
    records and drafts): the caller checks permissions first, every time. Returned as a copy."""
    from . import clock

    return _read(con, "object", name, (clock.today(), key), compute)  # a new day may change what is due


def rows(con: duckdb.DuckDBPyConnection, name: str, params=None) -> list[dict]:
    """Run a named query and return its rows as dicts."""
    def run():
        cur = con.execute(sql(name), params or [])
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]
    return _read(con, "rows", name, params, run)


def one(con: duckdb.DuckDBPyConnection, name: str, params=None) -> dict | None:
    found = rows(con, name, params)
    return found[0] if found else None


def scalar(con: duckdb.DuckDBPyConnection, name: str, params=None):
    def run():
        row = con.execute(sql(name), params or []).fetchone()
        return row[0] if row else None
    return _read(con, "scalar", name, params, run)


def frame(con: duckdb.DuckDBPyConnection, name: str, params=None):
    """Run a named query and return a pandas DataFrame."""
    return _read(con, "frame", name, params, lambda: con.execute(sql(name), params or []).df())


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per table of the store (for ``info``)."""
    names = [r[0] for r in con.execute(sql("store/list_tables")).fetchall()]
    counts = {}
    for name in names:
        # Names come from the catalogue; the relation API quotes them (identifiers cannot be bound).
        counts[name] = con.table(name).aggregate("count(*)").fetchone()[0]
    return counts

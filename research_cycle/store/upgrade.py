"""A store made before data sets' rows moved into ``dataset_rows`` (migration 013) is rebuilt
once, when it is opened.

Such a store holds a table per data set (``dataset_<id>``). Moving their rows is easy; dropping
the old tables is not, because a table's name cannot be a bound parameter and the workbench never
builds SQL from values. So the store is rebuilt through the backup machinery: a backup of the store
as it was is written beside it (and kept), and the restore puts each data set's rows into
``dataset_rows`` and leaves the old tables out. Nothing in the store is lost: the restore checks
every table's row count, and a failed restore leaves the old store as it was.

The app and the command line open the store with :func:`connect` (``db.connect`` cannot call
this module: the backup machinery it uses is built on ``db``).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from . import backup, clock, db
from .actors import SYSTEM

log = logging.getLogger(__name__)


def connect(path=None, **options):
    """``db.connect``, and a store made before migration 013 rebuilt first."""
    con = db.connect(path, **options)
    target = db.db_path(path)
    read_only = options.get("read_only") or os.environ.get("WORKBENCH_READ_ONLY") == "1"
    if target != ":memory:" and not read_only and options.get("migrate", True) and legacy_tables(con):
        con = rebuild(con, Path(target))
    return con


def legacy_tables(con) -> list[str]:
    """The old per-data-set tables still in the store (none in a store made or rebuilt since 013)."""
    return [r["table_name"] for r in db.rows(con, "store/legacy_dataset_tables")]


def rebuild(con, target: Path):
    """Rebuild the store at ``target`` (open as ``con``) without its per-data-set tables. Closes
    ``con`` and returns a new connection to the rebuilt store."""
    target = Path(target)
    saved = target.with_name(f"{target.stem}-before-upgrade-{clock.now():%Y-%m-%d-%H%M%S}.zip")
    tables = legacy_tables(con)
    backup.write_backup(con, SYSTEM, saved)
    con.close()
    backup.restore_backup(saved, target, force=True)
    log.warning("Upgraded %s: the rows of %d data sets moved into one table. The store as it was is kept in %s.",
                target, len(tables), saved)
    return db.connect(target)

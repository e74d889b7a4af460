"""Command line for administrators: ``python -m research_cycle COMMAND``.

Commands:
  init-db   create the store (optionally with the sample alliance)
  info      rows per table
  generate  a large synthetic alliance, deterministic by seed
  bench     time every page for every role, and the other budgets
  backup    the whole store in one file (attachments and data sets included)
  restore   a backup into an empty store (--force replaces one that holds data)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .store import db
from .store.errors import WorkbenchError


def _is_empty(path) -> bool:
    if str(path) != ":memory:" and not Path(path).exists():
        return True
    con = db.connect(path)
    try:
        counts = db.table_counts(con)
    finally:
        con.close()
    return all(n == 0 for name, n in counts.items() if name != "schema_migrations")


def _remove(path) -> None:
    for suffix in ("", ".wal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _make_room(path, force: bool) -> bool:
    """True when ``path`` can take a new store: absent, empty, or replaced because of --force."""
    if _is_empty(path):
        return True
    if not force:
        print(f"{path} already holds data; nothing changed. Use --force to replace it.", file=sys.stderr)
        return False
    _remove(path)
    return True


def cmd_init_db(args) -> int:
    path = db.db_path(args.db)
    if not _make_room(path, args.force):
        return 1
    con = db.connect(path)
    try:
        if args.sample:
            from .tools import sample
            counts = sample.load(con)
            print(f"Loaded the sample alliance: {', '.join(f'{n} {f}' for f, n in counts.items())}.")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    print(f"Store ready at {path}.")
    return 0


def cmd_info(args) -> int:
    path = db.db_path(args.db)
    if str(path) != ":memory:" and not Path(path).exists():
        print(f"No store at {path}. Create it with: python -m research_cycle init-db --sample", file=sys.stderr)
        return 1
    con = db.connect(path)
    try:
        counts = db.table_counts(con)
    finally:
        con.close()
    print(f"Store: {path}")
    width = max(map(len, counts))
    for name, n in counts.items():
        print(f"  {name:<{width}}  {n:>8,}")
    return 0


def cmd_generate(args) -> int:
    from .tools import generate
    path = db.db_path(args.db)
    if not _make_room(path, args.force):
        return 1
    con = db.connect(path)
    try:
        summary = generate.generate(con, schools=args.schools, cycles=args.cycles, seed=args.seed,
                                    evidence_per_enquiry=args.evidence)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    print(f"Generated into {path}: " + ", ".join(f"{v:,} {k}" for k, v in summary.items()) + ".")
    return 0


def cmd_bench(args) -> int:
    from .tools import bench
    return bench.main(db_path=args.db, runs=args.runs, first_page=not args.no_first_page,
                      switches=args.switches)


def cmd_backup(args) -> int:
    from .store import backup
    from .store.actors import SYSTEM
    path = db.db_path(args.db)
    if str(path) != ":memory:" and not Path(path).exists():
        print(f"No store at {path}; nothing to back up.", file=sys.stderr)
        return 1
    target = Path(args.to)
    if target.is_dir():
        target = target / backup.backup_filename()
    con = db.connect(path)
    try:
        manifest = backup.write_backup(con, SYSTEM, target)
    except OSError as exc:
        print(f"Error: the backup could not be written to {target} ({exc.strerror or exc}). Check that the "
              "folder exists, is writable and has space, then try again.", file=sys.stderr)
        return 1
    finally:
        con.close()
    rows = sum(t["rows"] for t in manifest["tables"].values())
    print(f"Backed up {path} to {target}: {len(manifest['tables'])} tables, {rows:,} rows, "
          f"{target.stat().st_size / 1e6:.1f} MB.")
    return 0


def cmd_restore(args) -> int:
    from .store import backup
    path = db.db_path(args.db)
    if str(path) == ":memory:":
        print("Restore needs a store file (--db FILE).", file=sys.stderr)
        return 1
    source = Path(args.source)
    if not source.is_file():
        print(f"No backup at {source}.", file=sys.stderr)
        return 1
    manifest = backup.restore_backup(source, path, force=args.force)
    rows = sum(t["rows"] for t in manifest["tables"].values())
    print(f"Restored {source} (made {manifest['created_at']}) into {path}: {rows:,} rows.")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m research_cycle", description="Enquiry Workbench command line.")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("init-db", help="create the store, optionally with the sample alliance")
    s.add_argument("--db", help="store file (default: $WORKBENCH_DB or data/workbench.duckdb)")
    s.add_argument("--sample", action="store_true", help="load the sample alliance from sample_data/")
    s.add_argument("--force", action="store_true", help="replace a store that already holds data")
    s.set_defaults(func=cmd_init_db)

    s = sub.add_parser("info", help="rows per table")
    s.add_argument("--db")
    s.set_defaults(func=cmd_info)

    s = sub.add_parser("generate", help="a large synthetic alliance, deterministic by seed")
    s.add_argument("--schools", type=int, default=40)
    s.add_argument("--cycles", type=int, default=5)
    s.add_argument("--seed", type=int, default=2026)
    s.add_argument("--evidence", type=int, default=12, help="evidence items per enquiry (50 for the evidence benchmark)")
    s.add_argument("--db", required=True)
    s.add_argument("--force", action="store_true", help="replace a store that already holds data")
    s.set_defaults(func=cmd_generate)

    s = sub.add_parser("bench", help="median script time per page and role, and the first-page time")
    s.add_argument("--db", help="store to measure (default: a fresh copy of the sample alliance)")
    s.add_argument("--runs", type=int, default=15, help="reruns per page and role")
    s.add_argument("--no-first-page", action="store_true", help="skip starting a real server")
    s.add_argument("--switches", type=int, default=5, metavar="N",
                   help="page switches in Chromium against a trivial app, N rounds (0: skip)")
    s.set_defaults(func=cmd_bench)

    s = sub.add_parser("backup", help="the whole store in one file (attachments and data sets included)")
    s.add_argument("--db")
    s.add_argument("--to", required=True, metavar="FILE", help="the backup file (or a folder: a dated name is chosen)")
    s.set_defaults(func=cmd_backup)

    s = sub.add_parser("restore", help="a backup into an empty store")
    s.add_argument("--from", dest="source", required=True, metavar="FILE", help="a file made by backup")
    s.add_argument("--db", help="store file to restore into (default: $WORKBENCH_DB or data/workbench.duckdb)")
    s.add_argument("--force", action="store_true", help="replace a store that already holds data")
    s.set_defaults(func=cmd_restore)
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except (WorkbenchError, db.StoreLockedError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

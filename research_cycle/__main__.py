"""Command line for administrators: ``python -m research_cycle COMMAND``.

Commands:
  init-db   create the store (optionally with the sample alliance)
  info      rows per table
  generate  a large synthetic alliance, deterministic by seed
  bench     time every page for every role, and the other budgets
  backup    the whole store in one file (attachments and data sets included)
  restore   a backup into an empty store (--force replaces one that holds data)
  export    a document: writeup|proceedings|programme|slides|digest|equity (--cycle LABEL or --enquiry ID, --to FILE)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from .store import db, upgrade
from .store.errors import WorkbenchError


def _is_empty(path) -> bool:
    if str(path) != ":memory:" and not Path(path).exists():
        return True
    con = upgrade.connect(path)
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
    con = upgrade.connect(path)
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


def _open_existing(path):
    """The store at ``path``, or None (having said how to create it) when there is none."""
    if str(path) != ":memory:" and not Path(path).exists():
        print(f"No store at {path}. Create it with: python -m research_cycle init-db --sample", file=sys.stderr)
        return None
    return upgrade.connect(path)


def cmd_info(args) -> int:
    path = db.db_path(args.db)
    con = _open_existing(path)
    if con is None:
        return 1
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
    con = upgrade.connect(path)
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
    con = upgrade.connect(path)
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


EXPORT_KINDS = ("writeup", "proceedings", "programme", "slides", "digest", "equity")


def _export_bytes(con, args) -> bytes:
    """The document asked for, built as the system (administrators run the command line)."""
    from . import conference, cycles, writeups
    from .store.actors import SYSTEM
    from .store.errors import ValidationError

    if args.kind in ("programme", "proceedings", "digest", "equity"):
        found = {c["label"]: c["id"] for c in cycles.list_cycles(con)}
        if args.cycle not in found:
            raise ValidationError("--cycle", f"give a cycle's label ({', '.join(found) or 'none yet'}), "
                                  "e.g. --cycle 2025/26.")
        if args.kind in ("digest", "equity"):  # the governors' documents of the summaries
            from . import summary_documents

            build = summary_documents.digest_document if args.kind == "digest" else summary_documents.equity_document
            return build(con, SYSTEM, found[args.cycle])
        if args.kind == "programme":
            return conference.programme_document(con, SYSTEM, found[args.cycle])
        return writeups.proceedings(con, SYSTEM, found[args.cycle], progress=lambda done, total, what: print(
            f"  {done}/{total} write-ups added{'' if what == 'done' else f' ({what})'}", file=sys.stderr))
    if args.kind in ("writeup", "slides"):
        if args.enquiry is None:
            raise ValidationError("--enquiry", "give the enquiry's id (the Enquiries page shows it).")
        if args.kind == "slides":
            return conference.slides(con, SYSTEM, args.enquiry)
        return writeups.document(con, SYSTEM, args.enquiry)
    raise ValidationError("export", f"'{args.kind}' documents are not available from the command line yet.")


def cmd_export(args) -> int:
    path = db.db_path(args.db)
    con = _open_existing(path)
    if con is None:
        return 1
    try:
        data = _export_bytes(con, args)
    finally:
        con.close()
    try:
        Path(args.to).write_bytes(data)
    except OSError as exc:
        print(f"Error: {args.to} could not be written ({exc.strerror or exc}). Check that the folder exists and is "
              "writable, then try again.", file=sys.stderr)
        return 1
    print(f"Wrote the {args.kind} to {args.to} ({len(data) / 1e3:,.0f} kB).")
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

    s = sub.add_parser("export", help="a document as a file: write-up, proceedings, programme, slides, or the "
                                      "alliance digest or equity view for governors")
    s.add_argument("kind", choices=EXPORT_KINDS)
    s.add_argument("--cycle", metavar="LABEL", help="the cycle (proceedings, programme, digest, equity), e.g. 2025/26")
    s.add_argument("--enquiry", type=int, metavar="ID", help="the enquiry (write-up, slides)")
    s.add_argument("--to", required=True, metavar="FILE", help="where to write the .docx or .pptx")
    s.add_argument("--db")
    s.set_defaults(func=cmd_export)
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except (WorkbenchError, db.StoreLockedError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    except duckdb.Error as exc:
        fault = db.store_fault(exc)  # a full disk or a read-only store: the app's plain message
        if fault is None:
            raise
        print(f"Error: {fault}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

"""Results of named read queries, kept until the next committed write.

A page switch reruns the whole script, and most of its time went on running the same read
queries again although nothing had changed (about six milliseconds each in the running app,
twenty or more per page). The app's cursors (``st_glue.cursor``) are therefore *enabled* here, and
:func:`db.rows` / :func:`db.frame` / :func:`db.one` / :func:`db.scalar` on an enabled cursor keep
each result under the query's name and parameters.

Correctness rests on three rules:

- Every committed write (``db.transaction``) empties the cache, so nothing read can be older than
  the last save: permissions, consent and disclosure are all worked out again from fresh rows.
- A result is only kept when no write committed while it was being read (the generation it
  started under is still current), so a read racing a save never stores the older rows.
- Reads inside a transaction (a save checking what it is about to change) and the queries in
  :data:`NEVER` always go to the store.

Cursors that were never enabled (the command line, the tests of the domain) never use it. The
cache is per process, which is every writer: DuckDB lets one process open a store file.
"""

from __future__ import annotations

import copy
import functools
import threading
import weakref
from collections import OrderedDict

# Queries whose result is not a function of the stored rows (full-text search reads an index
# rebuilt outside the domain tables; reserving ids draws from a sequence) or that change the
# store.
NEVER = ("search/", "literature/reserve_ids", "store/", "retention/", "schema")
WRITES = ("insert", "update", "delete", "create", "drop", "alter", "checkpoint", "pragma", "begin",
          "commit", "rollback", "install", "load", "set")
MAX_ENTRIES = 2048
MAX_ROWS = 10_000  # bigger results are read afresh rather than held in memory
MAX_BYTES = 256 * 1024  # so are rows carrying files (attachments, uploads)

_lock = threading.Lock()
_entries: OrderedDict = OrderedDict()
_enabled: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_generation = 0
_stats = {"hits": 0, "misses": 0}


def enable(cursor, store: str) -> None:
    """Let reads on ``cursor`` (of the store at ``store``) use the cache."""
    _enabled[cursor] = str(store)


def store_of(cursor) -> str | None:
    """The store an enabled cursor reads, else None (the cache is not used)."""
    try:
        return _enabled.get(cursor)
    except TypeError:  # not weak-referenceable: never enabled
        return None


def changed() -> None:
    """A write committed: forget every result."""
    global _generation
    with _lock:
        _generation += 1
        _entries.clear()


@functools.cache
def writes(text: str) -> bool:
    """Whether a query's text changes the store (its first word, after any comment lines); worked
    out once per query text, as every read asks."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("--")]
    first = " ".join(lines).split(None, 1)
    return bool(first) and first[0].lower() in WRITES


def read(cursor, kind: str, name: str, params, run):
    """``run()``'s result for query ``name`` with ``params``, from the cache when the cursor is
    enabled and nothing was written since, else fresh (and then kept). ``kind`` names what
    ``run`` returns ("rows", "frame", "scalar", "object"): each is copied out, so callers may change what
    they are given."""
    store = store_of(cursor)
    if store is None:
        return run()
    try:
        key = (store, kind, name, _freeze(params))
    except TypeError:
        return run()
    with _lock:
        if key in _entries:
            _entries.move_to_end(key)
            _stats["hits"] += 1
            return _copy(kind, _entries[key])
        started = _generation
        _stats["misses"] += 1
    value = run()
    if _too_big(kind, value):
        return value
    with _lock:
        if started == _generation:  # no write committed meanwhile
            _entries[key] = value
            if len(_entries) > MAX_ENTRIES:
                _entries.popitem(last=False)
    return _copy(kind, value)


def stats() -> dict[str, int]:
    """Hits, misses and entries held (for ``bench`` and the tests)."""
    with _lock:
        return {**_stats, "entries": len(_entries), "generation": _generation}


def _too_big(kind: str, value) -> bool:
    if kind == "object":
        return False
    if kind == "scalar":
        return isinstance(value, (bytes, bytearray, memoryview)) and len(value) > MAX_BYTES
    if len(value) > MAX_ROWS:
        return True
    if kind == "rows":
        held = sum(len(v) for r in value for v in r.values() if isinstance(v, (bytes, bytearray, memoryview)))
        return held > MAX_BYTES
    return False  # named queries never return files as frames


def _freeze(value):
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, set):
        return tuple(sorted(map(_freeze, value), key=repr))
    hash(value)  # raises TypeError for anything else that cannot be a key
    return (type(value).__name__, value)


def _copy(kind: str, value):
    if kind == "rows":
        return [{k: (v.copy() if isinstance(v, (list, dict)) else v) for k, v in r.items()} for r in value]
    if kind == "frame":
        return value.copy(deep=False)  # pandas copy-on-write: changing the copy never changes the cache
    if kind == "object":
        return copy.deepcopy(value)
    return value

"""Full-text search over evidence (titles, summaries, notes, quotes, tags) and literature
(titles, authors, key points, how each bears on the enquiry), ranked by DuckDB's FTS (BM25).

Writes keep one search document per item in ``search_doc`` inside their own transaction and mark
the index stale; DuckDB's FTS index is a snapshot, so it is rebuilt before the next search that
finds it stale.
"""

from __future__ import annotations

import re

import pandas as pd

from . import db
from .permissions import require_read_evidence

SNIPPET = 160


def _mark_dirty(con) -> None:
    con.execute(db.sql("search/mark_dirty"))


def index_evidence(con, evidence_id: int) -> None:
    """(Re)write the search document of one evidence item (call inside the write's transaction)."""
    con.execute(db.sql("search/upsert_evidence_doc"), [evidence_id])
    _mark_dirty(con)


def index_literature(con, literature_id: int) -> None:
    con.execute(db.sql("search/upsert_literature_doc"), [literature_id])
    _mark_dirty(con)


def index_literature_many(con, literature_ids: list[int]) -> None:
    """(Re)write the search documents of many references in one statement (an import)."""
    if literature_ids:
        con.execute(db.sql("search/upsert_literature_docs"), [list(literature_ids)])
        _mark_dirty(con)


def unindex(con, source: str, source_id: int) -> None:
    con.execute(db.sql("search/delete_doc"), [source, source_id])
    _mark_dirty(con)


def ensure_index(con) -> bool:
    """Rebuild the FTS index if writes have made it stale. Returns whether it rebuilt."""
    if not db.scalar(con, "search/is_dirty"):
        return False
    with db.transaction(con):
        if not db.scalar(con, "search/is_dirty"):
            return False
        con.execute(db.sql("search/build_index"))
        con.execute(db.sql("search/mark_clean"))
    return True


def _terms(query: str) -> list[str]:
    return [t for t in re.findall(r"\w+", query.lower()) if len(t) > 1]


def snippet(text: str, query: str, width: int = SNIPPET) -> str:
    """The part of ``text`` around the first query word found, with '…' where it was cut."""
    text = " ".join((text or "").split())
    lowered = text.lower()
    hits = [lowered.find(t) for t in _terms(query) if lowered.find(t) >= 0]
    if not hits:
        return text[:width] + ("…" if len(text) > width else "")
    start = max(0, min(hits) - width // 3)
    end = min(len(text), start + width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def search(con, actor, query: str, enquiry_ids: list[int], *, limit: int = 50) -> pd.DataFrame:
    """Ranked matches among the given enquiries: source, source_id, title, score, matching text.

    Refused (PermissionDenied) unless the actor may read the evidence of every enquiry asked for."""
    require_read_evidence(con, actor, enquiry_ids)
    if not _terms(query) or not enquiry_ids:
        return pd.DataFrame(columns=["source", "source_id", "enquiry_id", "title", "score", "match"])
    ensure_index(con)
    found = db.frame(con, "search/search_docs", {"q": query, "enquiry_ids": list(enquiry_ids), "limit": limit})
    found["match"] = [snippet(body, query) for body in found.pop("body")]
    return found

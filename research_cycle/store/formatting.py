"""Showing things the British way, and showing users' text as text (never as markup)."""

from __future__ import annotations

import datetime as dt
import difflib
import html
import re
import string

_PUNCT = re.compile("([" + re.escape(string.punctuation) + "])")


def uk_date(value: dt.date | dt.datetime | None) -> str:
    """'22 Nov 2026' (no leading zero)."""
    if value is None:
        return ""
    return f"{value.day} {value.strftime('%b %Y')}"


def uk_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return f"{uk_date(value)}, {value.strftime('%H:%M')}"


def table_date(value: dt.date | None) -> str:
    """dd/mm/yyyy, as in tables."""
    return value.strftime("%d/%m/%Y") if value else ""


def shorten(text: str | None, limit: int) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters with "…"."""
    flat = " ".join(str(text or "").split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0] or flat[: limit - 1]
    return cut + "…"


def md_escape(text: str | None) -> str:
    """Escape every ASCII punctuation character so Markdown shows the user's text literally.

    CommonMark lets any ASCII punctuation be backslash-escaped, which also disarms Streamlit's
    ``:colour[...]`` directives, ``$`` maths and raw HTML.
    """
    if not text:
        return ""
    escaped = _PUNCT.sub(r"\\\1", text)
    # Keep line breaks as breaks.
    return escaped.replace("\n", "  \n")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level differences between two versions: a list of (op, text), op in
    ``same``, ``removed``, ``added``."""
    a, b = old.split(), new.split()
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(("same", " ".join(a[i1:i2])))
        else:
            if i2 > i1:
                out.append(("removed", " ".join(a[i1:i2])))
            if j2 > j1:
                out.append(("added", " ".join(b[j1:j2])))
    return out


def diff_html(diff: list[tuple[str, str]]) -> str:
    """A :func:`word_diff` as escaped HTML with <del>/<ins> marks (users' text is always escaped)."""
    parts = []
    for op, text in diff:
        safe = html.escape(text)
        if op == "removed":
            parts.append(f'<del style="color:#a61b1b">{safe}</del>')
        elif op == "added":
            parts.append(f'<ins style="color:#1b6e2a;text-decoration:underline">{safe}</ins>')
        else:
            parts.append(safe)
    return " ".join(parts)

"""Checks shared by every form. Each raises ValidationError naming the field and the fix."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from .errors import ValidationError

SHORT = 200  # names, titles, labels
MEDIUM = 500  # questions
LONG = 4000  # paragraphs

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Characters that show nothing: format characters (zero-width space and joiners, direction marks,
# the byte-order mark), separators, combining marks on their own, and the letters and symbols
# that are blank by design (Hangul fillers, the Braille blank).
_INVISIBLE_CATEGORIES = {"Cf", "Zs", "Zl", "Zp", "Cc", "Mn", "Me"}
_BLANK_CHARACTERS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}
# Trimmed from the ends: not combining marks (an accent may end a word) nor the tag characters
# that end a flag such as England's.
_EDGE_CATEGORIES = {"Cf", "Zs", "Zl", "Zp", "Cc"}


def _invisible(ch: str) -> bool:
    return ch in _BLANK_CHARACTERS or unicodedata.category(ch) in _INVISIBLE_CATEGORIES


def _edge(ch: str) -> bool:
    return (ch in _BLANK_CHARACTERS or unicodedata.category(ch) in _EDGE_CATEGORIES) and not "\U000e0020" <= ch <= "\U000e007f"


def _trim(value: str) -> str:
    """Without spaces or invisible characters at either end; "" if nothing visible is in it."""
    start, end = 0, len(value)
    while start < end and _edge(value[start]):
        start += 1
    while end > start and _edge(value[end - 1]):
        end -= 1
    value = value[start:end]
    return "" if all(_invisible(ch) for ch in value) else value


def text(field: str, value, *, required: bool = False, limit: int = LONG) -> str:
    """Strip spaces and invisible characters at the ends, remove control characters, enforce
    required (text made only of invisible characters counts as empty) and the length limit."""
    value = "" if value is None else str(value)
    value = _trim(_CONTROL.sub("", value))
    if required and not value:
        raise ValidationError(field, "is required. Please fill it in (spaces alone do not count).")
    if len(value) > limit:
        raise ValidationError(
            field, f"is {len(value):,} characters long; the limit is {limit:,}. Please shorten it."
        )
    return value


def email(field: str, value) -> str:
    value = text(field, value, required=True, limit=SHORT).lower()
    if not _EMAIL.match(value):
        raise ValidationError(field, f"'{value}' is not an email address (name@school.sch.uk).")
    return value


def choice(field: str, value, allowed: Iterable[str]) -> str:
    allowed = tuple(allowed)
    value = text(field, value, required=True, limit=SHORT)
    if value not in allowed:
        raise ValidationError(field, f"'{value}' is not one of: {', '.join(allowed)}.")
    return value


def count(field: str, values, *, limit: int, each: str = "item") -> list:
    """The values as a list, refused when there are more than ``limit`` of them."""
    values = list(values or [])
    if len(values) > limit:
        raise ValidationError(field, f"has {len(values):,} {each}s; the limit is {limit:,}. Keep the ones that "
                              "matter most, or spread them over more than one record.")
    return values


def choices(field: str, values, allowed: Iterable[str], *, required: bool = False, limit: int = 100) -> list[str]:
    allowed = tuple(allowed)
    values = [str(v).strip() for v in count(field, values, limit=limit, each="choice") if str(v).strip()]
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ValidationError(field, f"'{unknown[0]}' is not one of: {', '.join(allowed)}.")
    if required and not values:
        raise ValidationError(field, "choose at least one.")
    # Keep the vocabulary's order, drop repeats.
    return [a for a in allowed if a in values]


def percentage(field: str, value) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValidationError(field, f"'{value}' is not a number; enter a percentage from 0 to 100.") from None
    if not 0 <= number <= 100:
        raise ValidationError(field, f"{number:g} is outside 0–100; enter a percentage from 0 to 100.")
    return round(number, 1)


def whole_number(field: str, value, *, minimum: int = 0, maximum: int = 10_000) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError(field, f"'{value}' is not a whole number.") from None
    if not minimum <= number <= maximum:
        raise ValidationError(field, f"{number} is outside {minimum}–{maximum:,}.")
    return number


def urn(field: str, value) -> str:
    value = text(field, value, required=True, limit=SHORT)
    if not re.fullmatch(r"\d{6}", value):
        raise ValidationError(
            field, f"'{value}' is not a URN: a school's Unique Reference Number is exactly 6 digits."
        )
    return value


def date(field: str, value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(field, f"'{value}' is not a date (use YYYY-MM-DD).") from None

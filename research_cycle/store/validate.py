"""Checks shared by every form. Each raises ValidationError naming the field and the fix."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from .errors import ValidationError

SHORT = 200  # names, titles, labels
MEDIUM = 500  # questions
LONG = 4000  # paragraphs

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text(field: str, value, *, required: bool = False, limit: int = LONG) -> str:
    """Strip, refuse control characters, enforce required and length limit."""
    value = "" if value is None else str(value)
    value = _CONTROL.sub("", value).strip()
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


def choices(field: str, values, allowed: Iterable[str], *, required: bool = False) -> list[str]:
    allowed = tuple(allowed)
    values = [str(v).strip() for v in (values or []) if str(v).strip()]
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

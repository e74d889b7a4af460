"""Today's date and time in Europe/London. ``WORKBENCH_TODAY`` (YYYY-MM-DD) fixes the date for
demos and tests, so that 'what is due next' is reproducible."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def today() -> dt.date:
    fixed = os.environ.get("WORKBENCH_TODAY")
    if fixed:
        return dt.date.fromisoformat(fixed)
    return dt.datetime.now(LONDON).date()


def now() -> dt.datetime:
    """Naive local (London) time, as stored in TIMESTAMP columns."""
    current = dt.datetime.now(LONDON).replace(tzinfo=None)
    fixed = os.environ.get("WORKBENCH_TODAY")
    if fixed:
        return dt.datetime.combine(dt.date.fromisoformat(fixed), current.time())
    return current

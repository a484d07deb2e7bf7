"""Reading a value from a query string or a form field on a page: a missing or malformed value becomes
the default (a page answers, never a 500); the services judge whether the value is acceptable."""

from __future__ import annotations

import datetime as dt


def parse_date(value: str | None, default: dt.date | None = None) -> dt.date | None:
    """An ISO date (``2024-06-01``), else ``default``."""
    try:
        return dt.date.fromisoformat(value) if value else default
    except ValueError:
        return default


def parse_int(value: str | None, default: int | None = None, low: int | None = None, high: int | None = None):
    """A whole number, clamped to [low, high] when given, else ``default``."""
    try:
        number = int(value) if value else None
    except ValueError:
        number = None
    if number is None:
        return default
    if low is not None:
        number = max(low, number)
    if high is not None:
        number = min(high, number)
    return number

"""Dates as Danish readers write them: one helper each, used by the site, the PDFs and the change log."""

from __future__ import annotations

import datetime as dt

MONTHS = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]


def danish_date(value: dt.date | str | None) -> str:
    """23.02.2024 from a date, a datetime or an ISO text ('2024-02-23'); '' for nothing."""
    if not value:
        return ""
    if isinstance(value, str):
        parts = value[:10].split("-")
        return ".".join(reversed(parts)) if len(parts) == 3 else value
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


def long_date(value: dt.date | None) -> str:
    """A date in words: 23. februar 2024."""
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}" if value else ""

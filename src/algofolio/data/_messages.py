"""Small helpers that keep error messages uniform: ``<source>: <what> ...`` on one line."""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["format_date", "where"]


def where(source: str | None) -> str:
    """The prefix of a message: the file (or label) the data came from, else ``prices``."""
    return source if source else "prices"


def format_date(value: Any) -> str:
    """A date as ``YYYY-MM-DD`` (with the time only when it is not midnight)."""
    stamp = pd.Timestamp(value)
    if stamp == stamp.normalize():
        return f"{stamp:%Y-%m-%d}"
    return stamp.isoformat()

"""The date index checks of the returns package, with messages that name the offending date.

>>> import pandas as pd
>>> check_dates(pd.DatetimeIndex(["2024-01-02", "2024-01-04", "2024-01-03"]), "prices")
Traceback (most recent call last):
...
algofolio.core.errors.DataError: prices: the dates are not sorted in increasing order: 2024-01-03 comes after 2024-01-04
"""

from __future__ import annotations

import pandas as pd

from algofolio.core.errors import DataError

__all__ = ["check_dates", "date_label"]


def date_label(date: object) -> str:
    """A date as ``YYYY-MM-DD`` when it is a timestamp, else as given."""
    return f"{date:%Y-%m-%d}" if isinstance(date, pd.Timestamp) else str(date)


def check_dates(index: pd.Index, what: str) -> None:
    """Raise :class:`DataError` naming the first date of ``index`` that appears twice or comes
    after a later one (``what`` names the data: ``prices``, ``returns``, ``weights``)."""
    if index.has_duplicates:
        date = index[index.duplicated()][0]
        raise DataError(f"{what}: the date {date_label(date)} appears twice", date=date)
    if not index.is_monotonic_increasing:  # only on failure: walk to the first step down
        row = next(i for i in range(1, len(index)) if index[i] < index[i - 1])
        date, before = index[row], index[row - 1]
        raise DataError(
            f"{what}: the dates are not sorted in increasing order: {date_label(date)} comes "
            f"after {date_label(before)}",
            date=date,
        )

"""Parse a column of dates into the index of a price frame, naming the first bad value.

Accepted: ISO 8601 strings (``2024-01-31``, ``2024-01-31T16:00``), any single other format pandas can
infer from the first value (``1/31/2024`` is read month first), ``datetime``/``date`` objects and
``datetime64`` values. Time zones are dropped keeping the local wall time (a close stamped
``2024-01-31 00:00-05:00`` is the 31 January close). The index gets pandas' default resolution.

>>> parse_dates(["2024-01-02", "2024-01-03"])
DatetimeIndex(['2024-01-02', '2024-01-03'], dtype='datetime64[us]', name='date', freq=None)
>>> parse_dates(["2024-01-02", "Jan 3rd"], source="p.csv")
Traceback (most recent call last):
...
algofolio.core.errors.DataError: p.csv: cannot parse the date 'Jan 3rd' (data row 2)
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from algofolio.core.errors import DataError
from algofolio.data._messages import where

__all__ = ["DATE_UNIT", "parse_dates"]

DATE_UNIT = pd.to_datetime(["2000-01-03"]).unit
"""Resolution of every parsed date index: the one pandas gives to parsed dates by default."""


def parse_dates(values: Iterable[Any], *, source: str | None = None) -> pd.DatetimeIndex:
    """Parse ``values`` (one per data row) into a tz-naive ``DatetimeIndex`` named ``date``.

    Raises :class:`DataError` naming the raw value and its 1-based data row when a value is
    missing or cannot be parsed. Order and uniqueness are not checked here.
    """
    if isinstance(values, pd.Series | pd.Index | np.ndarray):
        raw = pd.Series(values).reset_index(drop=True)
    else:
        raw = pd.Series(list(values), dtype=object)
    if isinstance(raw.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(raw.dtype):
        parsed = pd.to_datetime(raw)
        _check_no_missing(raw, parsed.isna().to_numpy(), source)
    elif pd.api.types.is_numeric_dtype(raw.dtype):  # e.g. a RangeIndex: the dates are elsewhere
        raise DataError(
            f"{where(source)}: dates must be text or datetimes, got numbers such as "
            f"{raw.iloc[0].item()!r}; put the dates in the index (or the first column of a file)",
            source=source,
        )
    else:
        text = raw.map(_strip, na_action="ignore")
        blank = text.isna().to_numpy() | (text.to_numpy(dtype=object) == "")
        _check_no_missing(raw, blank, source)
        parsed = _parse_text(text, source)
        failed = parsed.isna().to_numpy()
        if failed.any():
            row = int(np.flatnonzero(failed)[0])
            raise DataError(
                f"{where(source)}: cannot parse the date {raw.iloc[row]!r} (data row {row + 1})",
                date=raw.iloc[row],
                source=source,
            )
    index = pd.DatetimeIndex(parsed, name="date")
    if index.tz is not None:
        index = index.tz_localize(None)
    return index.as_unit(DATE_UNIT)


def _parse_text(text: pd.Series, source: str | None) -> pd.Series:
    """ISO 8601 first (fast, unambiguous); if no value is ISO, let pandas infer one format.

    Offsets that differ between rows (daylight saving) are parsed value by value to wall times.
    """
    try:
        parsed = pd.to_datetime(text, format="ISO8601", errors="coerce")
        if parsed.notna().any():
            return parsed
        with warnings.catch_warnings():
            # "Could not infer format": pandas then parses value by value, which is what we want.
            warnings.simplefilter("ignore", UserWarning)
            return pd.to_datetime(text, errors="coerce")
    except ValueError:  # mixed time-zone offsets
        return pd.to_datetime(text.map(_wall_time), errors="coerce")


def _wall_time(value: Any) -> pd.Timestamp | None:
    """The local wall time of one value (offset dropped); None when it is not a date."""
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        return None
    return stamp.tz_localize(None) if stamp.tz is not None else stamp


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _check_no_missing(raw: pd.Series, missing: np.ndarray, source: str | None) -> None:
    if missing.any():
        row = int(np.flatnonzero(missing)[0])
        raise DataError(f"{where(source)}: data row {row + 1} has no date", source=source)

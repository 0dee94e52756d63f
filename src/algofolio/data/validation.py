"""Check a price frame against the price contract; raise a typed, one-line error at the first fault.

The contract (docs/architecture.md): a ``DatetimeIndex`` named ``date``, sorted ascending and unique,
tz-naive; unique ``str`` asset columns; ``float64`` prices, finite and > 0, or NaN. NaN before an
asset's first price is an IPO gap and is kept. Unsorted dates are an error, never sorted silently: a
file out of order is more often a wrong file (or a wrong date format) than an unsorted right one.

>>> import pandas as pd
>>> raw = pd.DataFrame({"AAPL": ["1.5", "1.6"]}, index=["2024-01-02", "2024-01-03"])
>>> validate_prices(raw)
            AAPL
date
2024-01-02   1.5
2024-01-03   1.6
>>> validate_prices(raw.assign(AAPL=["1.5", "-"]), source="p.csv")
Traceback (most recent call last):
...
algofolio.core.errors.DataError: p.csv: asset 'AAPL' has a non-numeric price '-' on 2024-01-03
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from algofolio.core.errors import DataError
from algofolio.core.options import MissingPolicy, check_option
from algofolio.data._messages import format_date, where
from algofolio.data.dates import parse_dates
from algofolio.data.missing import apply_missing_policy

__all__ = ["MISSING_TOKENS", "validate_prices"]

MISSING_TOKENS = frozenset({"", "na", "n/a", "#n/a", "nan", "null", "none"})
"""Text cells read as a missing price (compared after stripping, case-insensitively)."""


def validate_prices(
    frame: pd.DataFrame,
    *,
    source: str | None = None,
    missing: MissingPolicy = "keep",
    copy: bool = True,
) -> pd.DataFrame:
    """Return ``frame`` as a contract-abiding price frame (dates x assets), or raise.

    ``frame`` holds dates in its index (parsed when text) and one column per asset; cells may be
    numbers or text (text in :data:`MISSING_TOKENS` is missing). ``source`` names the file in
    messages; ``missing`` handles gaps after each asset's first price
    (:func:`algofolio.data.missing.apply_missing_policy`). The input is never modified and nothing
    partial is returned: every check passes or :class:`DataError` is raised with ``asset``,
    ``date`` and ``source`` set where they apply. ``copy=False`` lets an all-float frame's values
    be shared with the result (for callers that only read them while they run, as the backtest).
    """
    check_option(missing, MissingPolicy, "missing")
    label = where(source)
    if not isinstance(frame, pd.DataFrame):
        raise DataError(
            f"{label}: expected a DataFrame of prices, got {type(frame).__name__}", source=source
        )
    if frame.shape[0] == 0:
        raise DataError(f"{label}: no rows of prices", source=source)
    assets = _asset_names(frame.columns, source)
    dates = parse_dates(frame.index, source=source)
    _check_dates(dates, source)
    if all(pd.api.types.is_float_dtype(dtype) for dtype in frame.dtypes):
        values = frame.to_numpy(dtype=np.float64, copy=copy)  # one block: no per-column work
    else:
        values = np.empty(frame.shape, dtype=np.float64)
        for j, asset in enumerate(assets):
            values[:, j] = _column_to_float(frame.iloc[:, j], asset, dates, source)
    _check_values(values, assets, dates, source)
    prices = pd.DataFrame(values, index=dates, columns=pd.Index(assets), copy=False)  # ours
    return apply_missing_policy(prices, missing, source=source)


def _asset_names(columns: pd.Index, source: str | None) -> list[str]:
    label = where(source)
    if isinstance(columns, pd.MultiIndex):
        raise DataError(
            f"{label}: asset columns must be one level, got {columns.nlevels}", source=source
        )
    if len(columns) == 0:
        raise DataError(f"{label}: no asset columns (only dates)", source=source)
    names: list[str] = []
    for position, name in enumerate(columns, start=1):
        if _is_missing(name):
            raise DataError(f"{label}: asset column {position} has no name", source=source)
        names.append(str(name).strip())
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise DataError(f"{label}: asset {name!r} has two columns", asset=name, source=source)
        seen.add(name)
    return names


def _check_dates(dates: pd.DatetimeIndex, source: str | None) -> None:
    label = where(source)
    if dates.has_duplicates:
        date = dates[dates.duplicated()][0]
        raise DataError(
            f"{label}: the date {format_date(date)} appears twice", date=date, source=source
        )
    if len(dates) < 2:
        raise DataError(
            f"{label}: only one date ({format_date(dates[0])}); need at least two dates to form "
            "a return",
            date=dates[0],
            source=source,
        )
    steps = np.diff(dates.asi8)
    if (steps < 0).any():
        row = int(np.flatnonzero(steps < 0)[0]) + 1
        date = dates[row]
        raise DataError(
            f"{label}: dates are not in ascending order: {format_date(date)} (data row {row + 1}) "
            f"comes after {format_date(dates[row - 1])}; sort the file by date",
            date=date,
            source=source,
        )


def _column_to_float(
    column: pd.Series, asset: str, dates: pd.DatetimeIndex, source: str | None
) -> np.ndarray:
    """Prices of one asset as float64 (missing -> NaN); non-numeric text raises naming the cell."""
    if pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(column.dtype):
        return column.to_numpy(dtype=np.float64, na_value=np.nan)
    text = column.reset_index(drop=True).astype("str").str.strip()
    blank = text.isna() | text.str.lower().isin(MISSING_TOKENS)
    parsed = pd.to_numeric(text.where(~blank), errors="coerce")
    bad = (~blank & parsed.isna()).to_numpy()
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raw = column.iloc[row]
        raw = raw.item() if isinstance(raw, np.generic) else raw  # quote it as Python would
        more = f" ({int(bad.sum()) - 1} more in this column)" if bad.sum() > 1 else ""
        raise DataError(
            f"{where(source)}: asset {asset!r} has a non-numeric price {raw!r} on "
            f"{format_date(dates[row])}{more}",
            asset=asset,
            date=dates[row],
            source=source,
        )
    return parsed.to_numpy(dtype=np.float64, na_value=np.nan)


def _check_values(
    values: np.ndarray, assets: list[str], dates: pd.DatetimeIndex, source: str | None
) -> None:
    if values.size and values.min() > 0 and values.max() < np.inf:  # the usual case, no temporaries
        return  # (a NaN makes min() NaN: the checks below then run)
    label = where(source)
    empty = np.isnan(values).all(axis=0)
    if empty.any():
        asset = assets[int(np.argmax(empty))]
        raise DataError(f"{label}: asset {asset!r} has no prices", asset=asset, source=source)
    checks: tuple[tuple[np.ndarray, str], ...] = (
        (np.isinf(values), "an infinite price"),
        (values <= 0, "a non-positive price"),  # NaN compares False: gaps are not flagged
    )
    for flags, what in checks:
        if flags.any():
            row, col = (int(i) for i in np.argwhere(flags)[0])
            asset, date = assets[col], dates[row]
            raise DataError(
                f"{label}: asset {asset!r} has {what} {_show(values[row, col])} on "
                f"{format_date(date)}; prices must be finite and > 0",
                asset=asset,
                date=date,
                source=source,
            )


def _show(value: float) -> str:
    return repr(float(value))


def _is_missing(value: Any) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or bool(pd.isna(value))

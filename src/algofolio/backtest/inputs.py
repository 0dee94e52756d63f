"""The market data of one backtest run, checked once: prices, and the optional volumes, opening
prices, dividends and external cash flows aligned to them.

* ``volumes``, ``opens``: dates x assets like the prices (a missing frame is ``None``);
* ``dividends``: cash per share paid to holders at the close of the ex-date (dates x assets, NaN or
  0 when none; reinvested at the next trade). Total-return prices need no dividends;
* ``cash_flows``: ``Series`` date -> amount (+ contribution, - withdrawal) added to cash at the
  close of that date (or of the next trading date when the date is not one).

>>> import pandas as pd
>>> prices = pd.DataFrame({"A": [1.0, 2.0, 3.0]}, index=pd.bdate_range("2024-01-01", periods=3))
>>> flows = pd.Series({pd.Timestamp("2024-01-06"): 5.0})  # a Saturday
>>> prepare_inputs(prices, cash_flows=flows)
Traceback (most recent call last):
...
algofolio.core.errors.DataError: cash_flows: 2024-01-06 is after the last date of the prices (2024-01-03)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from algofolio.core.errors import DataError
from algofolio.core.history import MarketHistory
from algofolio.data import validate_prices

__all__ = ["RunInputs", "prepare_inputs"]

DAYS_PER_YEAR = 365.0
"""Financing accrues on calendar days, ACT/365."""


@dataclass(frozen=True, slots=True)
class RunInputs:
    """Checked inputs of a run: ``frame`` (validated prices), ``history`` (all dates),
    ``dividends`` ``(n, k)`` cash per share or ``None``, ``flows`` ``(n,)`` external cash flows or
    ``None``, ``year_fractions`` ``(n,)`` calendar years since the previous date (row 0: 0)."""

    frame: pd.DataFrame
    history: MarketHistory
    dividends: np.ndarray | None
    flows: np.ndarray | None
    year_fractions: np.ndarray


def prepare_inputs(
    prices: pd.DataFrame,
    *,
    end: pd.Timestamp | str | None = None,
    volumes: pd.DataFrame | None = None,
    opens: pd.DataFrame | None = None,
    dividends: pd.DataFrame | None = None,
    cash_flows: pd.Series | None = None,
) -> RunInputs:
    """Validate ``prices`` (cut at ``end``) and align the optional inputs to them.

    Raises :class:`DataError` naming the input, asset and date: an unknown asset or a negative or
    infinite dividend, a cash flow outside the prices' dates or not finite.
    """
    frame = validate_prices(prices, copy=False)  # read during the run only
    if end is not None:
        frame = frame.loc[: pd.Timestamp(end)]
        if frame.empty:
            raise DataError(f"no prices on or before end={pd.Timestamp(end):%Y-%m-%d}")
    history = MarketHistory.from_prices(
        frame,
        volumes=_aligned(volumes, frame, "volumes"),
        opens=_aligned(opens, frame, "opens"),
    )
    days = frame.index.to_numpy().astype("datetime64[D]").astype(np.int64)
    fractions = np.zeros(len(days))
    fractions[1:] = np.diff(days) / DAYS_PER_YEAR
    return RunInputs(
        frame=frame,
        history=history,
        dividends=_dividends(dividends, frame),
        flows=_flows(cash_flows, frame),
        year_fractions=fractions,
    )


def _aligned(extra: pd.DataFrame | None, frame: pd.DataFrame, name: str) -> pd.DataFrame | None:
    if extra is None:
        return None
    if not isinstance(extra, pd.DataFrame):
        raise DataError(f"{name} must be a DataFrame (dates x assets), got {type(extra).__name__}")
    missing = frame.columns.difference(extra.columns)
    if len(missing):
        raise DataError(f"{name}: asset {missing[0]!r} is missing", asset=str(missing[0]))
    aligned = extra.reindex(index=frame.index, columns=frame.columns)
    return aligned.astype(float)


def _dividends(dividends: pd.DataFrame | None, frame: pd.DataFrame) -> np.ndarray | None:
    if dividends is None:
        return None
    if not isinstance(dividends, pd.DataFrame):
        raise DataError(f"dividends must be a DataFrame, got {type(dividends).__name__}")
    unknown = dividends.columns.difference(frame.columns)
    if len(unknown):
        raise DataError(f"dividends: asset {unknown[0]!r} has no prices", asset=str(unknown[0]))
    index = pd.DatetimeIndex(dividends.index)
    outside = index.difference(pd.DatetimeIndex(frame.index))
    if len(outside):
        raise DataError(
            f"dividends: {outside[0]:%Y-%m-%d} is not a date of the prices", date=outside[0]
        )
    values = dividends.reindex(index=frame.index, columns=frame.columns).to_numpy(dtype=float)
    values = np.nan_to_num(values, nan=0.0, posinf=np.inf, neginf=-np.inf)
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        row, col = (int(x[0]) for x in np.nonzero(bad))
        asset, date = str(frame.columns[col]), frame.index[row]
        raise DataError(
            f"dividends: {asset!r} pays {float(values[row, col])!r} per share on {date:%Y-%m-%d}; "
            "need a finite amount >= 0",
            asset=asset,
            date=date,
        )
    checked: np.ndarray = values
    return checked


def _flows(cash_flows: pd.Series | None, frame: pd.DataFrame) -> np.ndarray | None:
    if cash_flows is None:
        return None
    if not isinstance(cash_flows, pd.Series):
        raise DataError(
            f"cash_flows must be a Series date -> amount, got {type(cash_flows).__name__}"
        )
    flows = np.zeros(len(frame))
    last = frame.index[-1]
    for when, amount in cash_flows.items():
        date = pd.Timestamp(when)  # type: ignore[arg-type]
        value = float(amount)
        if not math.isfinite(value):
            raise DataError(f"cash_flows: the amount on {date:%Y-%m-%d} is {value!r}", date=date)
        if date > last:
            raise DataError(
                f"cash_flows: {date:%Y-%m-%d} is after the last date of the prices ({last:%Y-%m-%d})",
                date=date,
            )
        flows[int(frame.index.searchsorted(date))] += value
    return flows

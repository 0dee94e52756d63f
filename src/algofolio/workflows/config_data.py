"""The ``[data]`` table of a backtest config and the market data it names.

``prices`` and ``opens`` are price files (:func:`~algofolio.workflows.sources.load_prices`: > 0 or
NaN); ``volumes`` and ``dividends`` are read by the same readers (CSV or Parquet, wide or long) but
hold amounts ``>= 0`` (a day without trading or without a dividend is 0; an empty cell or a
missing token such as ``NA`` is NaN), so they are checked as such. Every error names the config key (``data.volumes: ...``).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "v.csv").write_text("date,A\\n2024-01-02,100\\n2024-01-03,-5\\n")
>>> read_amounts(str(folder / "v.csv"), key="data.volumes")
Traceback (most recent call last):
...
algofolio.core.errors.DataError: data.volumes: 'A' has -5.0 on 2024-01-03; need a finite amount >= 0 (or empty)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import Field, ValidationInfo, field_validator

from algofolio.core.errors import DataError
from algofolio.core.options import MissingPolicy
from algofolio.data.dates import parse_dates
from algofolio.data.layout import to_wide
from algofolio.data.readers import read_table
from algofolio.data.validation import MISSING_TOKENS
from algofolio.workflows.config_base import Strict
from algofolio.workflows.config_cash_flows import ConfigDate
from algofolio.workflows.sources import load_prices

__all__ = ["DataConfig", "MarketData", "load_market_data", "read_amounts"]


class DataConfig(Strict):
    """Where the market data come from: a file path (relative to the config file) or
    ``dataset:NAME``. ``volumes`` (shares per day), ``opens`` (opening prices, for next-open
    fills) and ``dividends`` (cash per share on the ex-date) are optional files of dates x assets."""

    prices: str = Field(min_length=1)
    benchmark: str | None = None
    start: ConfigDate = None
    end: ConfigDate = None
    missing: MissingPolicy = "keep"
    volumes: str | None = Field(default=None, min_length=1)
    opens: str | None = Field(default=None, min_length=1)
    dividends: str | None = Field(default=None, min_length=1)

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("start")
        if end is not None and start is not None and end <= start:
            raise ValueError(f"{end} is not after start {start}")
        return end


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class MarketData:
    """The frames of a ``[data]`` table (dates x assets; ``None`` for a file not given)."""

    prices: pd.DataFrame
    volumes: pd.DataFrame | None = None
    opens: pd.DataFrame | None = None
    dividends: pd.DataFrame | None = None


def load_market_data(data: DataConfig) -> MarketData:
    """Read every file of ``data`` (the benchmark aside); errors name the ``data.*`` key."""
    prices = load_prices(data.prices, missing=data.missing, key="data.prices")
    return MarketData(
        prices=prices,
        volumes=None if data.volumes is None else read_amounts(data.volumes, key="data.volumes"),
        opens=None if data.opens is None else load_prices(data.opens, key="data.opens"),
        dividends=(
            None if data.dividends is None else read_amounts(data.dividends, key="data.dividends")
        ),
    )


def read_amounts(path: str, *, key: str) -> pd.DataFrame:
    """A file of amounts ``>= 0`` (dates x assets, NaN where empty), read like a price file.

    Raises :class:`DataError` prefixed with ``key`` naming the file, asset and date of a bad cell.
    """
    if not Path(path).is_file():
        raise DataError(f"{key}: file not found: {path}", source=path)
    try:
        wide = to_wide(read_table(path), source=path)
        dates = parse_dates(wide.index, source=path)
    except DataError as exc:
        raise DataError(f"{key}: {exc}", source=path) from None
    if not dates.is_monotonic_increasing or not dates.is_unique:
        raise DataError(f"{key}: the dates of {path} must be sorted and unique", source=path)
    blank = wide.map(lambda cell: isinstance(cell, str) and cell.strip().lower() in MISSING_TOKENS)
    frame = wide.mask(blank).apply(pd.to_numeric, errors="coerce").astype(float)
    frame.index = dates
    frame.columns = pd.Index([str(c) for c in frame.columns])
    text = wide.mask(blank).notna().to_numpy() & frame.isna().to_numpy()
    values = frame.to_numpy()
    bad = text | ~(np.isnan(values) | (np.isfinite(values) & (values >= 0)))
    if bad.any():
        row, col = (int(x[0]) for x in np.nonzero(bad))
        shown = wide.iloc[row, col] if text[row, col] else float(values[row, col])
        raise DataError(
            f"{key}: {frame.columns[col]!r} has {shown!r} on {dates[row]:%Y-%m-%d}; need a "
            "finite amount >= 0 (or empty)",
            source=path,
            asset=str(frame.columns[col]),
            date=dates[row],
        )
    amounts: pd.DataFrame = frame
    return amounts

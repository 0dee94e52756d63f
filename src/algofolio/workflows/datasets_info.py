"""What a price source holds, and where the bundled datasets come from: the ``algofolio data``
use cases (``list``, ``show``, ``export``).

>>> [info.name for info in dataset_infos()]
['sp500', 'sp500_index', 'factors', 'riskfolio']
>>> import pandas as pd
>>> prices = pd.DataFrame({"A": [float("nan"), 2.0, 3.0], "B": [1.0, float("nan"), 4.0]},
...                       index=pd.bdate_range("2024-01-01", periods=3, name="date"))
>>> describe_prices(prices)[["first", "missing", "first_price", "last_price"]]
           first  missing  first_price  last_price
asset
A     2024-01-02        1          2.0         3.0
B     2024-01-01        1          1.0         4.0
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from algofolio.core.errors import ConfigError, DataError
from algofolio.datasets import DATASETS, load_dataset

__all__ = [
    "DATASET_ORIGINS",
    "EXPORT_FORMATS",
    "DatasetInfo",
    "cut_dates",
    "dataset_infos",
    "describe_prices",
    "export_prices",
]

_SKFOLIO = ("skfolio 1.12.2", "BSD-3-Clause", "LICENSES/skfolio-data.txt")
DATASET_ORIGINS: dict[str, tuple[str, str, str]] = {
    "sp500": _SKFOLIO,
    "sp500_index": _SKFOLIO,
    "factors": _SKFOLIO,
    "riskfolio": ("riskfolio-lib 7.4.0", "BSD-3-Clause", "LICENSES/riskfolio-data.txt"),
}
"""``name -> (source, licence, notice file)`` of each bundled dataset (as the loaders' docstrings
state)."""

EXPORT_FORMATS = (".csv", ".parquet")
"""File suffixes :func:`export_prices` writes."""


@dataclass(frozen=True, kw_only=True, slots=True)
class DatasetInfo:
    """A bundled dataset: its ``name`` (``dataset:NAME``), ``assets``, date range and count,
    ``source``, ``licence`` and the ``notice`` file (in the repository's ``LICENSES/``)."""

    name: str
    assets: tuple[str, ...]
    first: pd.Timestamp
    last: pd.Timestamp
    dates: int
    source: str
    licence: str
    notice: str


def dataset_infos() -> list[DatasetInfo]:
    """One :class:`DatasetInfo` per bundled dataset, in the order of ``datasets.DATASETS``."""
    infos = []
    for name in DATASETS:
        prices = load_dataset(name)
        source, licence, notice = DATASET_ORIGINS[name]
        infos.append(
            DatasetInfo(
                name=name,
                assets=tuple(str(c) for c in prices.columns),
                first=pd.Timestamp(prices.index[0]),
                last=pd.Timestamp(prices.index[-1]),
                dates=len(prices),
                source=source,
                licence=licence,
                notice=notice,
            )
        )
    return infos


def describe_prices(prices: pd.DataFrame) -> pd.DataFrame:
    """Per asset (index ``asset``): ``first`` and ``last`` dates with a price, ``missing`` (NaN
    cells over all the dates, an IPO gap included), ``first_price`` and ``last_price``."""
    rows = []
    for asset in prices.columns:
        column = prices[asset]
        priced = column.dropna()
        rows.append(
            {
                "asset": str(asset),
                "first": priced.index[0] if len(priced) else pd.NaT,
                "last": priced.index[-1] if len(priced) else pd.NaT,
                "missing": int(column.isna().sum()),
                "first_price": float(priced.iloc[0]) if len(priced) else float("nan"),
                "last_price": float(priced.iloc[-1]) if len(priced) else float("nan"),
            }
        )
    return pd.DataFrame(rows).set_index("asset")


def cut_dates(
    prices: pd.DataFrame, start: dt.date | None = None, end: dt.date | None = None
) -> pd.DataFrame:
    """The rows of ``prices`` from ``start`` to ``end`` (inclusive; ``None``: open). Raises
    :class:`ConfigError` naming ``--end`` when it is not after ``--start`` and :class:`DataError`
    when no date is left."""
    if start is not None and end is not None and end <= start:
        raise ConfigError(f"--end: {end} is not after --start {start}", key="--end")
    first = None if start is None else pd.Timestamp(start)
    last = None if end is None else pd.Timestamp(end)
    cut = prices.loc[first:last]
    if cut.empty:
        span = f"{prices.index[0]:%Y-%m-%d} to {prices.index[-1]:%Y-%m-%d}"
        raise DataError(f"--start/--end: no prices between them (the prices run from {span})")
    return cut


def export_prices(prices: pd.DataFrame, path: str | Path) -> Path:
    """Write ``prices`` as a wide file (``date`` column first, ISO dates) chosen by the suffix:
    ``.csv`` or ``.parquet``; :class:`ConfigError` for any other. The folder is created; the file
    is written beside and renamed into place (no partial file)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in EXPORT_FORMATS:
        raise ConfigError(
            f"OUT: {path.name!r} has no {' or '.join(EXPORT_FORMATS)} suffix", key="OUT"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        if suffix == ".csv":
            prices.to_csv(partial, date_format="%Y-%m-%d")
        else:
            prices.to_parquet(partial)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path

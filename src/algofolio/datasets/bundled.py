"""Real daily prices bundled with algofolio, for tests, examples and demos.

Each loader returns a fresh frame following the price contract (``DatetimeIndex`` named ``date``,
``str`` asset columns, ``float64`` prices). The files are parsed once per process and cached; every
call returns a copy, so callers may modify what they get.

Licenses: the skfolio files (``sp500``, ``sp500_index``, ``factors``) are BSD-3-Clause, Copyright (c)
2023-2026 The skfolio developers; the Riskfolio-Lib file (``riskfolio``) is BSD-3-Clause, Copyright
(c) 2020-2026, Dany Cajas. Notices: ``LICENSES/skfolio-data.txt``, ``LICENSES/riskfolio-data.txt``.
**Data for testing and examples only, not for investment decisions.**

>>> sorted(DATASETS)
['factors', 'riskfolio', 'sp500', 'sp500_index']
>>> load_dataset("sp500").shape
(8313, 20)
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from importlib import resources

import numpy as np
import pandas as pd

from algofolio.core.errors import DataError

__all__ = [
    "DATASETS",
    "load_dataset",
    "load_factor_prices",
    "load_riskfolio_prices",
    "load_sp500_index",
    "load_sp500_prices",
]


@functools.cache
def _parsed(filename: str) -> pd.DataFrame:
    """Parse a bundled CSV once (first column: ISO dates; then one column per asset)."""
    resource = resources.files("algofolio.datasets").joinpath("data", filename)
    with resources.as_file(resource) as path:
        frame = pd.read_csv(path, index_col=0, parse_dates=[0], dtype=np.float64)
    frame.index = pd.DatetimeIndex(frame.index, name="date")
    frame.columns = pd.Index([str(c) for c in frame.columns])
    return frame


def _load(filename: str) -> pd.DataFrame:
    return _parsed(filename).copy()


def load_sp500_prices() -> pd.DataFrame:
    """Adjusted daily closes of 20 S&P 500 stocks, 1990-01-02..2022-12-28 (8313 dates, no gaps).

    Assets: AAPL AMD BAC BBY CVX GE HD JNJ JPM KO LLY MRK MSFT PEP PFE PG RRC UNH WMT XOM.
    Source: skfolio 1.12.2, ``sp500_dataset.csv.gz``; BSD-3-Clause (``LICENSES/skfolio-data.txt``).
    Data for testing and examples only, not for investment decisions.

    >>> prices = load_sp500_prices()
    >>> prices.index[0].date(), prices.index[-1].date(), prices.columns[0]
    (datetime.date(1990, 1, 2), datetime.date(2022, 12, 28), 'AAPL')
    """
    return _load("sp500_prices.csv.gz")


def load_sp500_index() -> pd.DataFrame:
    """The S&P 500 index level, one column ``SP500``, on the dates of :func:`load_sp500_prices`.

    Source: skfolio 1.12.2, ``sp500_index.csv.gz``; BSD-3-Clause (``LICENSES/skfolio-data.txt``).
    Data for testing and examples only, not for investment decisions.

    >>> load_sp500_index().iloc[0]
    SP500    359.69
    Name: 1990-01-02 00:00:00, dtype: float64
    """
    return _load("sp500_index.csv.gz")


def load_factor_prices() -> pd.DataFrame:
    """Daily prices of five US factor ETFs (MTUM QUAL SIZE USMV VLUE), 2014-01-02..2022-12-28.

    2264 dates, no gaps. Source: skfolio 1.12.2, ``factors_dataset.csv.gz``; BSD-3-Clause
    (``LICENSES/skfolio-data.txt``). Data for testing and examples only, not for investment
    decisions.

    >>> list(load_factor_prices().columns)
    ['MTUM', 'QUAL', 'SIZE', 'USMV', 'VLUE']
    """
    return _load("factor_prices.csv.gz")


def load_riskfolio_prices() -> pd.DataFrame:
    """Adjusted daily closes of 10 US stocks and SPY, 2016-01-04..2019-12-27 (1004 dates, no gaps).

    Assets: AMZN APA CMCSA CPB JCI JPM MMC MO SPY TGT ZION. Source: the test data of riskfolio-lib
    7.4.0 (``tests/stock_prices.csv``); BSD-3-Clause (``LICENSES/riskfolio-data.txt``). Data for
    testing and examples only, not for investment decisions.

    >>> load_riskfolio_prices().shape
    (1004, 11)
    """
    return _load("riskfolio_prices.csv.gz")


_LOADERS: Mapping[str, Callable[[], pd.DataFrame]] = {
    "sp500": load_sp500_prices,
    "sp500_index": load_sp500_index,
    "factors": load_factor_prices,
    "riskfolio": load_riskfolio_prices,
}

DATASETS: tuple[str, ...] = tuple(_LOADERS)
"""Names accepted by :func:`load_dataset`."""


def load_dataset(name: str) -> pd.DataFrame:
    """Load a bundled dataset by name (one of :data:`DATASETS`); DataError for any other name.

    >>> load_dataset("sp500_index").columns.tolist()
    ['SP500']
    >>> load_dataset("nasdaq")
    Traceback (most recent call last):
    ...
    algofolio.core.errors.DataError: unknown dataset 'nasdaq'; choose one of 'sp500', 'sp500_index', 'factors', 'riskfolio'
    """
    try:
        loader = _LOADERS[name]
    except (KeyError, TypeError):
        names = ", ".join(repr(n) for n in DATASETS)
        raise DataError(f"unknown dataset {name!r}; choose one of {names}") from None
    return loader()

"""Read a price file into a frame that follows the price contract.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = pathlib.Path(tmp, "prices.csv")
...     _ = path.write_text("Date,SPY,QQQ\\n2024-01-02,472.65,\\n2024-01-03,468.79,402.1\\n")
...     read_prices(path)
               SPY    QQQ
date
2024-01-02  472.65    NaN
2024-01-03  468.79  402.1
"""

from __future__ import annotations

import os

import pandas as pd

from algofolio.core.options import MissingPolicy, PriceLayout, check_option
from algofolio.data.layout import to_wide
from algofolio.data.readers import read_table
from algofolio.data.validation import validate_prices

__all__ = ["read_prices"]


def read_prices(
    path: str | os.PathLike[str],
    *,
    layout: PriceLayout = "auto",
    missing: MissingPolicy = "keep",
) -> pd.DataFrame:
    """Read daily (or any frequency) prices from CSV or Parquet: dates x assets, ``float64``.

    ``layout``: ``wide`` (a date column, then one column per asset), ``long`` (``date, asset,
    price`` rows) or ``auto`` (see :mod:`algofolio.data.layout`). ``missing`` handles gaps after
    each asset's first price; NaN before it (an IPO gap) is always kept. Raises
    :class:`~algofolio.core.errors.DataError` naming the file, asset and date of the first fault
    (see :func:`~algofolio.data.validation.validate_prices`); nothing partial is returned.
    """
    check_option(layout, PriceLayout, "layout")
    check_option(missing, MissingPolicy, "missing")
    source = str(path)
    return validate_prices(
        to_wide(read_table(path), layout, source=source), source=source, missing=missing
    )

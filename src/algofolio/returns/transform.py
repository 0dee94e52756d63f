"""Prices to periodic returns: simple ``p_t / p_{t-1} - 1`` or log ``ln(p_t / p_{t-1})``.

The first row (no previous price) is dropped, so each asset's first return is at its second price.
NaN is never padded: NaN before an asset's first price stays NaN (an IPO gap), and a missing price
after it gives NaN returns on that date and the next (no ``fill_method``).

>>> import pandas as pd
>>> prices = pd.DataFrame(
...     {"A": [100.0, 110.0, 99.0], "B": [None, 50.0, 55.0]},
...     index=pd.to_datetime(["2024-01-02", "2024-01-03", "2024-01-04"]),
... )
>>> simple_returns(prices)
              A    B
2024-01-03  0.1  NaN
2024-01-04 -0.1  0.1
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar, cast

import numpy as np
import pandas as pd

from algofolio.core.errors import DataError
from algofolio.core.options import ReturnKind, check_option
from algofolio.returns._dates import check_dates, date_label

__all__ = ["log_returns", "simple_returns", "to_returns"]

PriceData = TypeVar("PriceData", pd.Series, pd.DataFrame)


def simple_returns(prices: PriceData) -> PriceData:
    """Simple returns ``p_t / p_{t-1} - 1`` of a price ``DataFrame`` (dates x assets) or ``Series``.

    Same type, columns and index as ``prices``, less the first date. Prices must be > 0 (or NaN):
    a zero, negative or infinite price raises :class:`DataError` naming the asset and the date.

    >>> import pandas as pd
    >>> simple_returns(pd.Series([100.0, 125.0, 100.0], index=pd.RangeIndex(3), name="A")).tolist()
    [0.25, -0.2]
    """
    checked = _check_prices(prices)
    return (checked / checked.shift(1) - 1.0).iloc[1:]


def log_returns(prices: PriceData) -> PriceData:
    """Log returns ``ln(p_t / p_{t-1})``; same shapes, NaN policy and checks as :func:`simple_returns`.

    >>> import pandas as pd
    >>> log_returns(pd.Series([1.0, 2.0, 1.0], index=pd.RangeIndex(3))).round(6).tolist()
    [0.693147, -0.693147]
    """
    checked = _check_prices(prices)
    ratio = checked / checked.shift(1)
    return cast(PriceData, np.log(ratio)).iloc[1:]


_KINDS: Mapping[str, Callable[[pd.DataFrame], pd.DataFrame]] = {
    "simple": simple_returns,
    "log": log_returns,
}


def to_returns(prices: PriceData, kind: ReturnKind = "simple") -> PriceData:
    """Returns of ``kind`` (``"simple"`` or ``"log"``), see :func:`simple_returns`, :func:`log_returns`.

    >>> import pandas as pd
    >>> to_returns(pd.Series([4.0, 5.0], index=pd.RangeIndex(2)), "simple").tolist()
    [0.25]
    """
    check_option(kind, ReturnKind, "kind")
    return _KINDS[kind](prices)  # type: ignore[arg-type, return-value]


def _check_prices(prices: PriceData) -> PriceData:
    """Return ``prices`` as float64, after checking the index order and that prices are > 0 or NaN."""
    if not isinstance(prices, pd.Series | pd.DataFrame):
        raise DataError(f"prices must be a pandas Series or DataFrame, got {type(prices).__name__}")
    check_dates(prices.index, "prices")
    try:
        checked = prices.astype("float64")
    except (TypeError, ValueError) as exc:
        raise DataError(f"prices must be numbers: {exc}") from None
    frame = checked.to_frame() if isinstance(checked, pd.Series) else checked
    values = frame.to_numpy()
    bad = ~np.isnan(values) & ~(np.isfinite(values) & (values > 0))
    if bad.any():
        row, col = (int(i[0]) for i in np.nonzero(bad))
        asset = (
            "prices"
            if isinstance(prices, pd.Series) and prices.name is None
            else frame.columns[col]
        )
        date = frame.index[row]
        raise DataError(
            f"price of {asset!s} on {date_label(date)} is {values[row, col]!r}: prices must be > 0 "
            "(or NaN when missing)",
            asset=str(asset),
            date=date,
        )
    return checked

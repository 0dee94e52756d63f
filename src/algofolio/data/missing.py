"""Missing prices after an asset's first price: keep, carry forward, refuse, or drop the asset.

NaN *before* an asset's first price is an IPO gap and is never touched by any policy. A gap is a NaN
after the first price, including trailing NaN after a delisting.

>>> import numpy as np, pandas as pd
>>> prices = pd.DataFrame(
...     {"A": [1.0, np.nan, 1.2], "B": [np.nan, 2.0, 2.1]},
...     index=pd.bdate_range("2024-01-01", periods=3, name="date"),
... )
>>> apply_missing_policy(prices, "ffill")["A"].tolist()
[1.0, 1.0, 1.2]
>>> list(apply_missing_policy(prices, "drop_assets").columns)
['B']
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from algofolio.core.errors import DataError
from algofolio.core.options import MissingPolicy, check_option
from algofolio.data._messages import format_date, where

__all__ = ["apply_missing_policy", "gap_mask"]

logger = logging.getLogger(__name__)


def gap_mask(prices: pd.DataFrame) -> pd.DataFrame:
    """Boolean frame, True where a price is missing *after* the asset's first price."""
    missing = prices.isna()
    return missing & (~missing).cummax()


def apply_missing_policy(
    prices: pd.DataFrame, missing: MissingPolicy, *, source: str | None = None
) -> pd.DataFrame:
    """Apply ``missing`` (see :data:`algofolio.core.options.MissingPolicy`) to gaps in ``prices``.

    ``drop_assets`` logs the dropped assets at ``WARNING`` level on the ``algofolio.data.missing``
    logger (not a Python warning) and raises :class:`DataError` when no asset is left.
    """
    policy = check_option(missing, MissingPolicy, "missing")
    if policy == "keep":  # nothing to look for
        return prices
    return _POLICIES[policy](prices, gap_mask(prices), source)


def _keep(prices: pd.DataFrame, gaps: pd.DataFrame, source: str | None) -> pd.DataFrame:
    return prices


def _ffill(prices: pd.DataFrame, gaps: pd.DataFrame, source: str | None) -> pd.DataFrame:
    return prices.ffill()  # leading NaN has nothing before it: IPO gaps stay NaN


def _raise(prices: pd.DataFrame, gaps: pd.DataFrame, source: str | None) -> pd.DataFrame:
    flags = gaps.to_numpy()
    if not flags.any():
        return prices
    rows = np.where(flags.any(axis=0), flags.argmax(axis=0), len(prices))
    col = int(np.argmin(rows))  # the earliest gap; ties go to the first column
    asset, date = str(prices.columns[col]), prices.index[int(rows[col])]
    n_assets = int(flags.any(axis=0).sum())
    others = f" ({n_assets - 1} more assets have gaps)" if n_assets > 1 else ""
    raise DataError(
        f"{where(source)}: asset {asset!r} has no price on {format_date(date)} after its first "
        f"price{others}; use missing='ffill' or 'drop_assets' to accept gaps",
        asset=asset,
        date=date,
        source=source,
    )


def _drop_assets(prices: pd.DataFrame, gaps: pd.DataFrame, source: str | None) -> pd.DataFrame:
    has_gap = gaps.any(axis=0)
    if not has_gap.any():
        return prices
    dropped = [str(a) for a in prices.columns[has_gap.to_numpy()]]
    if len(dropped) == prices.shape[1]:
        raise DataError(
            f"{where(source)}: every asset has a gap after its first price; none left to keep",
            source=source,
        )
    logger.warning(
        "%s: dropped %d asset(s) with gaps after their first price: %s",
        where(source),
        len(dropped),
        ", ".join(dropped),
    )
    return prices.loc[:, ~has_gap.to_numpy()]


_POLICIES: Mapping[str, Callable[[pd.DataFrame, pd.DataFrame, str | None], pd.DataFrame]] = {
    "keep": _keep,
    "ffill": _ffill,
    "raise": _raise,
    "drop_assets": _drop_assets,
}

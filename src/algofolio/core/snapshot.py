"""A point-in-time view of the market: everything known at the close of one date, nothing after.

Policies receive a :class:`MarketSnapshot`, never the full history, so a decision at ``t`` cannot read
data from after ``t``: no look-ahead by construction. The prices it holds are a copy-on-write slice
(pandas >= 3) and its arrays are read-only, so a policy cannot alter the history either.

>>> import pandas as pd
>>> prices = pd.DataFrame({"A": [1.0, 1.1, 1.2]}, index=pd.bdate_range("2024-01-01", periods=3))
>>> snap = MarketSnapshot.at(prices, pd.Timestamp("2024-01-02"))
>>> snap.prices.index[-1].date(), len(snap.prices)
(datetime.date(2024, 1, 2), 2)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from algofolio.core.errors import DataError

__all__ = ["MarketSnapshot"]


@dataclass(frozen=True, slots=True)
class MarketSnapshot:
    """Prices known at the close of ``date`` (dates x assets, last row is ``date``)."""

    date: pd.Timestamp
    prices: pd.DataFrame

    @classmethod
    def at(cls, prices: pd.DataFrame, date: pd.Timestamp) -> MarketSnapshot:
        """Slice ``prices`` up to and including ``date`` (which must be in the index)."""
        try:
            end = int(prices.index.get_loc(date))  # type: ignore[arg-type]
        except KeyError:
            raise DataError(f"no prices on {date:%Y-%m-%d}", date=date) from None
        return cls(date=date, prices=prices.iloc[: end + 1])

    def latest_prices(self) -> pd.Series:
        """Prices on ``date``; NaN for assets without a price that day."""
        return self.prices.iloc[-1]

    def tradable_assets(self) -> list[str]:
        """Assets with a finite price on ``date``."""
        last = self.prices.iloc[-1].to_numpy(dtype=float)
        return [str(a) for a, ok in zip(self.prices.columns, np.isfinite(last), strict=True) if ok]

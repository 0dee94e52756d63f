"""The market a simulated fill meets: its prices, and the trailing volume and volatility that
volume-based cost models read, as known at the decision's close (no look-ahead).

>>> import numpy as np, pandas as pd
>>> from algofolio.core.history import MarketHistory
>>> prices = pd.DataFrame({"A": [10.0, 11.0, 12.1, 12.1]},
...                       index=pd.bdate_range("2024-01-01", periods=4))
>>> quote = fill_quote(MarketHistory.from_prices(prices), 3, np.array([12.0]), {"volatility"})
>>> round(float(quote.volatility[0]), 6)  # std (ddof 1) of the returns 0.1, 0.1, 0.0
0.057735
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from algofolio.core.errors import ConfigError
from algofolio.core.history import MarketHistory
from algofolio.costs import CostModel, TradeQuote, quote_needs

__all__ = ["QUOTE_DAYS", "check_quote_inputs", "fill_quote"]

QUOTE_DAYS = 21
"""Trailing days of the volume average and the volatility a fill's quote carries."""


def check_quote_inputs(name: str, costs: CostModel, history: MarketHistory) -> None:
    """Raise :class:`ConfigError` before a run when strategy ``name``'s costs need data the
    backtest was not given (volumes) or cannot give (a spread series)."""
    needs = quote_needs(costs)
    if "volumes" in needs and history.volumes is None:
        raise ConfigError(
            f"strategy {name!r}: its costs need traded volumes; pass volumes=", key="volumes"
        )
    if "spreads" in needs:
        raise ConfigError(
            f"strategy {name!r}: the backtest has no bid-ask spread series; give the half-spread "
            "cost a fixed spread_bps",
            key="costs",
        )


def fill_quote(
    history: MarketHistory, row: int, price: np.ndarray, needs: Collection[str]
) -> TradeQuote:
    """A quote at ``price`` (``(k,)``) for a decision at ``row``: with ``"volumes"`` in ``needs``
    the mean volume, with ``"volatility"`` the sample volatility (ddof 1) of the daily returns,
    over the last :data:`QUOTE_DAYS` days up to ``row``, each asset over the days it has (NaN
    with none, or fewer than two returns)."""
    volumes = volatility = None
    begin = max(row + 1 - QUOTE_DAYS, 0)
    if "volumes" in needs and history.volumes is not None:
        volumes, _ = _moments(history.volumes[begin : row + 1])
    if "volatility" in needs:
        _, volatility = _moments(history.returns[max(begin, 1) : row + 1])
    return TradeQuote(prices=price, volumes=volumes, volatility=volatility, assets=history.assets)


def _moments(block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-column mean and sample std (ddof 1) over the finite values of ``block``."""
    known = np.isfinite(block)
    counts = known.sum(axis=0)
    mean = np.full(block.shape[1], np.nan)
    std = np.full(block.shape[1], np.nan)
    some, enough = counts >= 1, counts >= 2
    sums = np.where(known, block, 0.0).sum(axis=0)
    mean[some] = sums[some] / counts[some]
    squares = (np.where(known, block - np.where(some, mean, 0.0), 0.0) ** 2).sum(axis=0)
    std[enough] = np.sqrt(squares[enough] / (counts[enough] - 1))
    return mean, std

"""Drift windows cut from a market history, as the simulator builds them (shared by trigger tests)."""

import numpy as np
import pandas as pd

from algofolio.core.history import MarketHistory
from algofolio.rebalance import DriftWindow, RebalanceRule


def history_of(
    dates: pd.DatetimeIndex | list[str], prices: np.ndarray | None = None
) -> MarketHistory:
    """A history on ``dates`` (constant prices of one asset ``A`` unless ``prices`` are given)."""
    index = pd.DatetimeIndex(dates, name="date")
    values = np.full((len(index), 1), 100.0) if prices is None else prices
    columns = [f"A{i}" if values.shape[1] > 1 else "A" for i in range(values.shape[1])]
    return MarketHistory.from_prices(pd.DataFrame(values, index=index, columns=columns))


def window_after(
    history: MarketHistory, last: int, weights: np.ndarray | None = None
) -> DriftWindow:
    """Candidates: every row after ``last``; the history given is the full one (ends on the last
    candidate); ``weights`` default to zeros."""
    dates = history.dates[last + 1 :]
    k = len(history.assets)
    w = np.zeros((len(dates), k)) if weights is None else weights
    return DriftWindow(
        dates=pd.DatetimeIndex(dates),
        last_rebalance=history.dates[last],
        weights=w,
        target=np.zeros(k),
        assets=history.assets,
        history=history,
    )


def due_dates(rule: RebalanceRule, window: DriftWindow) -> list[str]:
    return [f"{d:%Y-%m-%d}" for d in window.dates[rule.due(window)]]


def assert_causal(
    rule: RebalanceRule, history: MarketHistory, last: int, weights: np.ndarray
) -> None:
    """The answer for each candidate equals the answer of a window that ends on that candidate
    (its history cut there): nothing after a candidate changes its answer."""
    full = rule.due(window_after(history, last, weights))
    for i in range(len(full)):
        row = last + 1 + i
        cut = history.until(row)
        short = rule.due(window_after(cut, last, weights[: i + 1]))
        assert short.tolist() == full[: i + 1].tolist(), f"candidate {i} ({cut.date:%Y-%m-%d})"

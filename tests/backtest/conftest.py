"""Price paths and test doubles for the backtest tests (seeded, built by hand)."""

import numpy as np
import pandas as pd

from algofolio.rebalance import DriftWindow


def random_prices(
    n_days: int = 300, n_assets: int = 3, *, seed: int = 0, start: str = "2021-01-04"
) -> pd.DataFrame:
    """Geometric random walks on business days, columns A0, A1, ..."""
    rng = np.random.default_rng(seed)
    steps = rng.normal(0.0003, 0.012, size=(n_days, n_assets))
    values = 100.0 * np.exp(np.cumsum(steps, axis=0))
    index = pd.bdate_range(start, periods=n_days, name="date")
    return pd.DataFrame(values, index=index, columns=[f"A{i}" for i in range(n_assets)])


class NeverRule:
    """A rule that never fires: after the first allocation the portfolio is bought and held."""

    def due(self, window: DriftWindow) -> np.ndarray:
        return np.zeros(len(window.dates), dtype=bool)

    def describe(self) -> str:
        return "never"

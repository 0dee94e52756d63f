"""No look-ahead: changing prices after date t leaves every signal up to t unchanged (hypothesis
draws the data, the cut and the perturbation)."""

from collections.abc import Callable

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from algofolio.signals import (
    crossover,
    momentum,
    moving_average,
    pair_spread,
    volatility_scale,
    zscore,
)
from tests.signals._reference import random_prices


def _pair(prices: pd.DataFrame) -> list[pd.DataFrame | pd.Series]:
    result = pair_spread(prices["A0"], prices["A1"], 12, zscore_window=6)
    return [result.hedge_ratio, result.spread, result.zscore]


SIGNALS: dict[str, Callable[[pd.DataFrame], list[pd.DataFrame | pd.Series]]] = {
    "sma": lambda p: [moving_average(p, 7)],
    "ema": lambda p: [moving_average(p, 7, kind="exponential")],
    "crossover": lambda p: list(crossover(moving_average(p, 3), moving_average(p, 9))),
    "momentum": lambda p: [momentum(p, lookback=20, skip=5)],
    "zscore": lambda p: [zscore(p, 10)],
    "volatility": lambda p: [volatility_scale(p.pct_change().iloc[1:], 0.1, 10)],
    "pair": lambda p: _pair(p),
}


@given(
    name=st.sampled_from(sorted(SIGNALS)),
    seed=st.integers(0, 2**32 - 1),
    cut=st.integers(0, 79),
    scale=st.floats(0.5, 2.0),
)
def test_values_up_to_t_ignore_later_prices(name: str, seed: int, cut: int, scale: float) -> None:
    prices = random_prices(80, 2, seed=seed)
    changed = prices.copy()
    rng = np.random.default_rng(seed + 1)
    changed.iloc[cut + 1 :] *= scale * np.exp(rng.normal(0, 0.05, changed.iloc[cut + 1 :].shape))
    before, after = SIGNALS[name](prices), SIGNALS[name](changed)
    for ours, theirs in zip(before, after, strict=True):
        known = ours.index <= prices.index[cut]
        np.testing.assert_array_equal(ours[known].to_numpy(), theirs[known].to_numpy())

"""Volatility scaling against numpy on each window, the cap, and zero volatility."""

import math

import numpy as np
import pandas as pd
import pytest

from algofolio.core import ConfigError
from algofolio.returns import simple_returns
from algofolio.signals import volatility_scale
from tests.signals._reference import random_prices


def test_matches_numpy_on_each_window() -> None:
    returns = simple_returns(random_prices(300, 3, seed=11))
    window, target = 21, 0.15
    result = volatility_scale(returns, target, window, max_leverage=3.0)
    assert result.shape == returns.shape
    for asset in returns:
        values = returns[asset].to_numpy()
        for t in range(len(values)):
            if t < window - 1:
                assert math.isnan(result[asset].iloc[t])
                continue
            sigma = values[t - window + 1 : t + 1].std(ddof=1) * math.sqrt(252)
            expected = min(target / sigma, 3.0)
            assert result[asset].iloc[t] == pytest.approx(expected, rel=1e-10)


def test_cap_and_zero_volatility() -> None:
    returns = pd.Series([0.0, 0.0, 0.0, 0.05, -0.05], index=pd.RangeIndex(5), name="A")
    result = volatility_scale(returns, 0.10, 2, periods_per_year=12, max_leverage=2.0)
    # flat windows: zero volatility, the cap; then sigma = std(0, .05) * sqrt(12) ~ 0.1225
    assert result.tolist()[1:3] == [2.0, 2.0]
    sigma = np.std([0.0, 0.05], ddof=1) * math.sqrt(12)
    assert result.iloc[3] == pytest.approx(0.10 / sigma, rel=1e-12)
    assert result.iloc[4] == pytest.approx(0.10 / (np.std([0.05, -0.05], ddof=1) * math.sqrt(12)))


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"target_volatility": 0.0}, "target_volatility"),
        ({"target_volatility": math.inf}, "target_volatility"),
        ({"max_leverage": -1.0}, "max_leverage"),
        ({"periods_per_year": 0}, "periods_per_year"),
        ({"window": 1}, "window"),
    ],
)
def test_bad_arguments(kwargs: dict[str, float], key: str) -> None:
    arguments = {"target_volatility": 0.1, "window": 5} | kwargs
    with pytest.raises(ConfigError) as caught:
        volatility_scale(simple_returns(random_prices(20, 1)), **arguments)  # type: ignore[arg-type]
    assert caught.value.key == key

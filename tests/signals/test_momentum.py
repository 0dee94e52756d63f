"""12-1 momentum against hand values and a loop over dates."""

import math

import numpy as np
import pandas as pd
import pytest

from algofolio.core import ConfigError, DataError
from algofolio.signals import momentum
from tests.signals._reference import random_prices


def test_hand_case() -> None:
    prices = pd.Series([10.0, 20.0, 40.0, 30.0, 60.0], index=pd.RangeIndex(5))
    # t=3: p[2] / p[0] - 1 = 3; t=4: p[3] / p[1] - 1 = 0.5
    assert momentum(prices, lookback=3, skip=1).tolist()[3:] == [3.0, 0.5]
    assert momentum(prices, lookback=3, skip=1).isna().sum() == 3
    assert momentum(prices, lookback=1, skip=0).tolist()[1:] == [1.0, 1.0, -0.25, 1.0]


def test_default_is_twelve_minus_one_against_a_loop() -> None:
    prices = random_prices(600, 3, seed=9)
    prices.iloc[:50, 2] = np.nan  # a late listing
    result = momentum(prices)
    for j, asset in enumerate(prices):
        values = prices[asset].tolist()
        start = 50 if j == 2 else 0
        for t in range(len(values)):
            if t - 252 < start:
                assert math.isnan(result[asset].iloc[t])
            else:
                assert result[asset].iloc[t] == pytest.approx(
                    values[t - 21] / values[t - 252] - 1, rel=1e-13
                )


@pytest.mark.parametrize(
    ("lookback", "skip", "key"), [(10, 10, "skip"), (0, 0, "lookback"), (5, -1, "skip")]
)
def test_bad_windows(lookback: int, skip: int, key: str) -> None:
    with pytest.raises(ConfigError) as caught:
        momentum(random_prices(30, 1), lookback=lookback, skip=skip)
    assert caught.value.key == key


def test_non_positive_price_is_refused() -> None:
    prices = random_prices(30, 2)
    prices.iloc[7, 0] = 0.0
    with pytest.raises(DataError, match=r"'A0' is 0\.0 on 2020-01-10"):
        momentum(prices, lookback=5, skip=1)

"""Rolling z-scores against numpy on each window."""

import numpy as np
import pandas as pd
import pytest

from algofolio.core import ConfigError, EstimationError
from algofolio.signals import zscore
from tests.signals._reference import random_prices


def test_matches_numpy_on_each_window() -> None:
    prices = random_prices(200, 3, seed=10)
    prices.iloc[:15, 1] = np.nan
    window = 20
    result = zscore(prices, window)
    for asset in prices:
        values = prices[asset].to_numpy()
        for t in range(len(values)):
            chunk = values[max(0, t - window + 1) : t + 1]
            if len(chunk) < window or np.isnan(chunk).any():
                assert np.isnan(result[asset].iloc[t])
            else:
                expected = (values[t] - chunk.mean()) / chunk.std(ddof=1)
                assert result[asset].iloc[t] == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_hand_case() -> None:
    prices = pd.Series([1.0, 2.0, 4.0, 3.0, 3.0, 6.0], index=pd.RangeIndex(6))
    result = zscore(prices, 3)
    # window (3, 3, 6): mean 4, std sqrt(3): z = 2 / sqrt(3)
    assert result.iloc[5] == pytest.approx(2 / np.sqrt(3), rel=1e-14)
    # window (1, 2, 4): mean 7/3, std sqrt(7/3)
    assert result.iloc[2] == pytest.approx((4 - 7 / 3) / np.sqrt(7 / 3), rel=1e-14)
    assert result.isna().tolist() == [True, True, False, False, False, False]


def test_constant_window_is_an_estimation_error() -> None:
    prices = pd.DataFrame(
        {"A": [1.0, 2.0, 3.0, 4.0], "B": [5.0, 5.0, 5.0, 6.0]},
        index=pd.bdate_range("2024-01-01", periods=4),
    )
    with pytest.raises(
        EstimationError, match="'B' has the same value over the 3 dates ending 2024-01-03"
    ):
        zscore(prices, 3)


def test_window_of_one_is_refused() -> None:
    with pytest.raises(ConfigError, match="window must be an integer >= 2"):
        zscore(random_prices(10, 1), 1)

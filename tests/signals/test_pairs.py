"""Pair spreads: the hedge ratio against numpy least squares and statsmodels' RollingOLS on
each window, the z-score against numpy, warm-up and errors."""

import warnings

import numpy as np
import pandas as pd
import pytest

from algofolio.core import DataError, EstimationError
from algofolio.signals import pair_spread
from tests.signals._reference import random_prices


@pytest.fixture
def pair() -> tuple[pd.Series, pd.Series]:
    prices = random_prices(300, 2, seed=12)
    x = prices["A0"]
    noise = np.random.default_rng(13).normal(0, 0.5, len(x))
    y = (1.5 * x + 10.0 + noise).rename("B")
    return y, x


def test_hedge_ratio_and_zscore_match_least_squares(pair: tuple[pd.Series, pd.Series]) -> None:
    y, x = pair
    window, z_window = 60, 20
    result = pair_spread(y, x, window, zscore_window=z_window)
    ys, xs = y.to_numpy(), x.to_numpy()
    betas = np.full(len(y), np.nan)
    for t in range(window - 1, len(y)):
        design = np.column_stack([np.ones(window), xs[t - window + 1 : t + 1]])
        betas[t] = np.linalg.lstsq(design, ys[t - window + 1 : t + 1], rcond=None)[0][1]
    np.testing.assert_allclose(result.hedge_ratio, betas, rtol=1e-10)
    spread = ys - betas * xs
    np.testing.assert_allclose(result.spread, spread, rtol=1e-12)
    for t in range(len(y)):
        chunk = spread[max(0, t - z_window + 1) : t + 1]
        if t < window + z_window - 2:
            assert np.isnan(result.zscore.iloc[t])
        else:
            expected = (spread[t] - chunk.mean()) / chunk.std(ddof=1)
            assert result.zscore.iloc[t] == pytest.approx(expected, rel=1e-9)
    assert abs(np.nanmedian(result.hedge_ratio) - 1.5) < 0.1  # the fit finds the true slope


def test_hedge_ratio_matches_statsmodels_rolling_ols(pair: tuple[pd.Series, pd.Series]) -> None:
    rolling = pytest.importorskip("statsmodels.regression.rolling")
    y, x = pair
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        design = pd.DataFrame({"const": 1.0, "x": x})
        params = rolling.RollingOLS(y, design, window=40).fit().params
    np.testing.assert_allclose(pair_spread(y, x, 40).hedge_ratio, params["x"], rtol=1e-9)


def test_late_start_shifts_the_warm_up(pair: tuple[pd.Series, pd.Series]) -> None:
    y, x = pair
    x = x.copy()
    x.iloc[:30] = np.nan
    result = pair_spread(y, x, 10, zscore_window=5)
    assert result.hedge_ratio.isna().sum() == 30 + 9
    assert result.zscore.isna().sum() == 30 + 9 + 4
    alone = pair_spread(y.iloc[30:], x.iloc[30:], 10, zscore_window=5)
    np.testing.assert_allclose(result.zscore.iloc[30:], alone.zscore, rtol=1e-12)


def test_constant_x_has_no_hedge_ratio() -> None:
    index = pd.bdate_range("2024-01-01", periods=6)
    x = pd.Series([1.0, 2.0, 3.0, 3.0, 3.0, 4.0], index=index)
    y = pd.Series([2.0, 3.0, 5.0, 4.0, 6.0, 7.0], index=index)
    with pytest.raises(EstimationError, match="x is constant over the window ending 2024-01-05"):
        pair_spread(y, x, 3)


def test_inputs_must_be_series_on_the_same_dates(pair: tuple[pd.Series, pd.Series]) -> None:
    y, x = pair
    with pytest.raises(DataError, match="same dates"):
        pair_spread(y, x.iloc[1:], 10)
    with pytest.raises(DataError, match="two Series"):
        pair_spread(y.to_frame(), x, 10)  # type: ignore[arg-type]

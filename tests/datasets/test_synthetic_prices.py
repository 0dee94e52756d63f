"""make_synthetic_prices: determinism, shape, and the statistics the factor model promises."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from algofolio.core import ConfigError
from algofolio.data import validate_prices
from algofolio.datasets import make_synthetic_prices


def log_returns(prices: pd.DataFrame) -> np.ndarray:
    return np.diff(np.log(prices.to_numpy()), axis=0)


def test_same_seed_same_prices_other_seed_other_prices() -> None:
    first = make_synthetic_prices(5, 50, seed=7, ipo_fraction=0.4)
    pd.testing.assert_frame_equal(
        first, make_synthetic_prices(5, 50, seed=7, ipo_fraction=0.4), check_exact=True
    )
    assert not np.allclose(
        first.fillna(0), make_synthetic_prices(5, 50, seed=8, ipo_fraction=0.4).fillna(0)
    )


def test_shape_index_names_and_contract() -> None:
    prices = make_synthetic_prices(12, 30, start="2021-06-05")  # a Saturday: starts on Monday
    assert prices.shape == (30, 12)
    assert prices.index.equals(pd.bdate_range("2021-06-07", periods=30))
    assert prices.index.name == "date"
    assert list(prices.columns[:3]) == ["A0000", "A0001", "A0002"]
    assert (prices.to_numpy() > 0).all()
    pd.testing.assert_frame_equal(
        validate_prices(prices, missing="raise"), prices, check_exact=True
    )


def test_names_widen_past_ten_thousand_assets() -> None:
    assert make_synthetic_prices(10_001, 2, n_factors=1).columns[-1] == "A10000"


def test_ipo_fraction_gives_leading_nan_only() -> None:
    prices = make_synthetic_prices(20, 100, ipo_fraction=0.25, seed=3)
    firsts = prices.apply(lambda column: column.first_valid_index())
    late = firsts[firsts > prices.index[0]]
    assert len(late) == 5  # floor(0.25 * 20)
    assert (prices.loc[:, late.index].notna().sum() >= 2).all()
    pd.testing.assert_frame_equal(
        validate_prices(prices, missing="raise"), prices
    )  # no gap after listing


def test_fat_tails_with_four_degrees_of_freedom() -> None:
    """Excess kurtosis (scipy.stats.kurtosis, Fisher) is clearly positive for t(4) shocks and
    within sampling error of 0 for normal shocks (standard error sqrt(24 / n) ~ 0.05 here)."""
    fat = stats.kurtosis(log_returns(make_synthetic_prices(20, 10_000, tail_dof=4.0)), axis=0)
    thin = stats.kurtosis(log_returns(make_synthetic_prices(20, 10_000, tail_dof=math.inf)), axis=0)
    assert fat.min() > 1.0
    assert abs(thin.mean()) < 4 * math.sqrt(24 / 9_999)


def test_market_factor_correlates_assets() -> None:
    """With the market alone, corr(i, j) = b_i b_j / sqrt((b_i^2 + 1)(b_j^2 + 1)) >= 0.2 for
    loadings in [0.5, 1.5]; the sampling error of a correlation over 2519 days is ~0.02."""
    market_only = np.corrcoef(
        log_returns(make_synthetic_prices(15, 2520, n_factors=1)), rowvar=False
    )
    assert market_only[np.triu_indices(15, k=1)].min() > 0.2 - 4 * 0.02
    with_styles = np.corrcoef(
        log_returns(make_synthetic_prices(30, 2520, n_factors=4)), rowvar=False
    )
    assert with_styles[np.triu_indices(30, k=1)].mean() > 0.15


@pytest.mark.parametrize("tail_dof", [8.0, math.inf])
def test_annualised_volatility_is_near_the_request(tail_dof: float) -> None:
    """The standard error of a sample standard deviation is sigma * sqrt((kappa - 1) / (4 n)); the
    kurtosis kappa of a sum of independent unit t(nu) terms is at most that of one,
    3 + 6 / (nu - 4) = 4.5 for nu = 8, so the relative error is below 1.9% over 2519 days."""
    returns = log_returns(make_synthetic_prices(20, 2520, tail_dof=tail_dof, annual_volatility=0.3))
    annualised = returns.std(axis=0, ddof=1) * math.sqrt(252)
    tolerance = 4 * math.sqrt((4.5 - 1) / (4 * 2519))
    assert np.abs(annualised / 0.3 - 1).max() < tolerance


def test_simple_returns_drift_at_the_requested_rate() -> None:
    """Arithmetic drift: mean simple daily return x 252 = annual_drift; over 100 years at 2%
    volatility the standard error of that mean is 0.02 / sqrt(100) = 0.002."""
    prices = make_synthetic_prices(
        10, 25_200, annual_drift=0.07, annual_volatility=0.02, tail_dof=math.inf
    )
    drift = prices.pct_change().iloc[1:].mean() * 252
    assert np.abs(drift - 0.07).max() < 4 * 0.002


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("n_assets", 0),
        ("n_assets", 2.5),
        ("n_days", 1),
        ("n_factors", 0),
        ("seed", -1),
        ("seed", True),
        ("tail_dof", 2.0),
        ("tail_dof", math.nan),
        ("annual_drift", math.inf),
        ("annual_volatility", 0.0),
        ("annual_volatility", "20%"),
        ("ipo_fraction", 1.0),
        ("ipo_fraction", -0.1),
        ("start", "someday"),
    ],
)
def test_bad_argument_is_named(argument: str, value: object) -> None:
    with pytest.raises(ConfigError, match=argument) as err:
        make_synthetic_prices(**{argument: value})
    assert err.value.key == argument

"""Return histories shared by the estimator tests: bundled real data, seeded synthetic data with
staggered listings, and (development only) PyPortfolioOpt's own test prices."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from algofolio.data import read_prices
from algofolio.datasets import load_sp500_prices, make_synthetic_prices
from algofolio.returns import simple_returns

SHARED_PYPFOPT = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "pypfopt_stock_prices.csv.gz"
)
PERIODS = 252  # PyPortfolioOpt annualises daily estimates by 252


@pytest.fixture(scope="session")
def sp500_prices() -> pd.DataFrame:
    """The last 1000 days of the bundled S&P 500 stocks (20 assets, complete)."""
    return load_sp500_prices().iloc[-1000:]


@pytest.fixture(scope="session")
def sp500_returns(sp500_prices: pd.DataFrame) -> pd.DataFrame:
    return simple_returns(sp500_prices)


@pytest.fixture(scope="session")
def staggered_prices() -> pd.DataFrame:
    """Seeded synthetic prices, a third of the assets listing late (NaN before: IPO gaps)."""
    return make_synthetic_prices(n_assets=9, n_days=600, seed=11, ipo_fraction=0.34)


@pytest.fixture(scope="session")
def staggered_returns(staggered_prices: pd.DataFrame) -> pd.DataFrame:
    returns = simple_returns(staggered_prices)
    assert returns.isna().any().sum() >= 3  # the fixture really is staggered
    return returns


@pytest.fixture(scope="session")
def pypfopt_prices() -> pd.DataFrame:
    if not SHARED_PYPFOPT.is_file():
        pytest.skip("development cross-check: ../shared/data is not present")
    return read_prices(SHARED_PYPFOPT)


def non_psd_returns() -> pd.DataFrame:
    """Three assets whose pairwise covariance is not PSD: A and B move against each other over
    the whole history, but over the last 10 dates (when C lists) all three move together."""
    rng = np.random.default_rng(5)
    a = rng.normal(0.0, 0.01, 60)
    b = -a + rng.normal(0.0, 0.001, 60)
    b[-10:] = a[-10:]
    c = np.full(60, np.nan)
    c[-10:] = a[-10:]
    index = pd.bdate_range("2024-01-01", periods=60, name="date")
    return pd.DataFrame({"A": a, "B": b, "C": c}, index=index)

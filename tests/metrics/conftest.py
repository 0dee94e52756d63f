"""Shared return series: a seeded synthetic daily market and a hand-made monthly path."""

import numpy as np
import pandas as pd
import pytest

from tests.metrics.bacon import bacon_returns


def synthetic_returns(n_days: int = 756, seed: int = 7) -> pd.DataFrame:
    """Seeded daily returns (business days) of a fund and a benchmark, Student-t shocks, beta ~1.2."""
    rng = np.random.default_rng(seed)
    index = pd.bdate_range("2015-01-02", periods=n_days, name="date")
    market = 0.0003 + 0.01 * rng.standard_t(df=5, size=n_days) / np.sqrt(5 / 3)
    fund = 0.0001 + 1.2 * market + 0.004 * rng.standard_t(df=4, size=n_days) / np.sqrt(2)
    return pd.DataFrame({"fund": fund, "market": market}, index=index)


@pytest.fixture
def daily() -> pd.DataFrame:
    return synthetic_returns()


@pytest.fixture
def fund(daily: pd.DataFrame) -> pd.Series:
    return daily["fund"]


@pytest.fixture
def market(daily: pd.DataFrame) -> pd.Series:
    return daily["market"]


@pytest.fixture
def bacon() -> pd.DataFrame:
    return bacon_returns()

"""Risk and volatility contributions against Riskfolio-Lib, a two-asset closed form and properties.

Riskfolio-Lib's ``Risk_Contribution(rm="MV")`` gives each asset's part of the **per-period**
standard deviation by central finite differences (step 1e-6) of the risk measure: our annualised
volatility contributions divided by ``sqrt(periods_per_year)``, up to the differencing error.
"""

import math
import warnings

import numpy as np
import pandas as pd
import pytest
import riskfolio as rp
from hypothesis import given
from hypothesis import strategies as st

from algofolio.core import DataError, EstimationError
from algofolio.datasets import load_sp500_prices
from algofolio.metrics import (
    annualized_volatility,
    risk_contributions,
    volatility_contributions,
)


@pytest.fixture(scope="module")
def sp500_returns() -> pd.DataFrame:
    prices = load_sp500_prices()
    return prices.pct_change(fill_method=None).iloc[1:].iloc[-1500:]


def test_volatility_contributions_match_riskfolio(sp500_returns: pd.DataFrame) -> None:
    rng = np.random.default_rng(5)
    weights = pd.Series(rng.dirichlet(np.ones(sp500_returns.shape[1])), sp500_returns.columns)
    ours = volatility_contributions(weights, sp500_returns)
    assert ours.name == "volatility_contribution"
    assert ours.index.equals(weights.index)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = rp.Risk_Contribution(
            weights.to_frame(), sp500_returns, sp500_returns.cov(), rm="MV"
        )
    np.testing.assert_allclose(ours / math.sqrt(252), np.ravel(theirs), rtol=1e-6)
    # they sum to the annualised volatility of the (daily rebalanced) portfolio
    portfolio = sp500_returns @ weights
    assert ours.sum() == pytest.approx(annualized_volatility(portfolio), rel=1e-12)
    shares = risk_contributions(weights, sp500_returns)
    np.testing.assert_allclose(shares * ours.sum(), ours, rtol=1e-12)


def test_two_assets_closed_form() -> None:
    rng = np.random.default_rng(11)
    a = rng.normal(0.0, 0.02, 500)
    b = 0.3 * a + rng.normal(0.0, 0.01, 500)
    returns = pd.DataFrame({"a": a, "b": b}, index=pd.bdate_range("2020-01-01", periods=500))
    wa, wb = 0.7, -0.2
    va, vb = np.var(a, ddof=1), np.var(b, ddof=1)
    cab = np.cov(a, b, ddof=1)[0, 1]
    variance = wa * wa * va + wb * wb * vb + 2 * wa * wb * cab
    expected = [
        (wa * wa * va + wa * wb * cab) / variance,
        (wb * wb * vb + wa * wb * cab) / variance,
    ]
    shares = risk_contributions(pd.Series({"a": wa, "b": wb}), returns)
    assert shares.name == "risk_contribution"
    assert shares.tolist() == pytest.approx(expected, rel=1e-12)
    vol = volatility_contributions(pd.Series({"a": wa, "b": wb}), returns)
    assert vol.sum() == pytest.approx(math.sqrt(variance * 252), rel=1e-12)


def test_uncorrelated_equal_volatility_assets_share_equally() -> None:
    # +-1 patterns that are exactly orthogonal with equal variance: each asset brings w_i^2 / sum
    a = np.tile([1.0, -1.0, 1.0, -1.0], 10) * 0.01
    b = np.tile([1.0, 1.0, -1.0, -1.0], 10) * 0.01
    returns = pd.DataFrame({"a": a, "b": b})
    shares = risk_contributions(pd.Series({"a": 1.0, "b": 2.0}), returns)
    assert shares.tolist() == pytest.approx([0.2, 0.8], rel=1e-12)


weights_strategy = st.lists(st.floats(-2.0, 2.0), min_size=4, max_size=4)


@given(weights_strategy, st.integers(0, 3), st.floats(0.01, 100.0), st.integers(0, 10**6))
def test_shares_sum_to_one_zero_weight_gives_zero_and_scale_does_not_matter(
    raw: list[float], zero: int, scale: float, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    returns = pd.DataFrame(rng.normal(0.0, 0.01, (60, 4)), columns=list("abcd"))
    raw[zero] = 0.0
    weights = pd.Series(raw, index=list("abcd"))
    if np.abs(weights).sum() < 1e-3:
        return
    shares = risk_contributions(weights, returns)
    assert shares.sum() == pytest.approx(1.0, rel=1e-9)
    assert shares.iloc[zero] == 0.0
    np.testing.assert_allclose(
        risk_contributions(weights * scale, returns), shares, rtol=1e-9, atol=1e-12
    )
    np.testing.assert_allclose(risk_contributions(-weights, returns), shares, rtol=1e-9, atol=1e-12)
    # the share of an asset does not depend on the order of the assets
    reordered = risk_contributions(weights.iloc[::-1], returns)
    np.testing.assert_allclose(reordered.loc[shares.index], shares, rtol=1e-9, atol=1e-12)


def test_zero_weight_assets_do_not_shorten_the_history(sp500_returns: pd.DataFrame) -> None:
    returns = sp500_returns.iloc[:, :3].copy()
    returns.iloc[:700, 2] = np.nan  # the third asset starts later
    held = pd.Series([0.5, 0.5, 0.0], index=returns.columns)
    full = risk_contributions(held, returns)
    alone = risk_contributions(held.iloc[:2], returns.iloc[:, :2])
    np.testing.assert_allclose(full.iloc[:2], alone, rtol=1e-12)
    assert full.iloc[2] == 0.0
    # held, it does: the covariance uses the dates all held assets share
    all_held = pd.Series([0.4, 0.4, 0.2], index=returns.columns)
    late = risk_contributions(all_held, returns.iloc[700:])
    pd.testing.assert_series_equal(risk_contributions(all_held, returns), late)


def test_errors_name_the_asset() -> None:
    returns = pd.DataFrame(
        {"a": [0.01, -0.01, 0.02, 0.0], "b": [0.02, 0.01, -0.01, 0.01]},
        index=pd.bdate_range("2024-01-01", periods=4),
    )
    with pytest.raises(DataError, match="no returns for the asset zzz") as info:
        risk_contributions(pd.Series({"a": 0.5, "zzz": 0.5}), returns)
    assert info.value.asset == "zzz"
    with pytest.raises(DataError, match="weight of b is nan"):
        risk_contributions(pd.Series({"a": 0.5, "b": np.nan}), returns)
    with pytest.raises(EstimationError, match="all weights are zero"):
        risk_contributions(pd.Series({"a": 0.0, "b": 0.0}), returns)
    hedged = returns.assign(c=returns["a"])
    with pytest.raises(EstimationError, match="variance is zero over 2024-01-01 to 2024-01-04"):
        volatility_contributions(pd.Series({"a": 1.0, "c": -1.0}), hedged)
    gap = returns.copy()
    gap.iloc[2, 1] = np.nan
    with pytest.raises(DataError, match="b: the return on 2024-01-03 is missing"):
        risk_contributions(pd.Series({"a": 0.5, "b": 0.5}), gap)
    late = returns.copy()
    late.iloc[:3, 1] = np.nan
    with pytest.raises(DataError, match=r"1 date\(s\) .*the latest to start is b"):
        risk_contributions(pd.Series({"a": 0.5, "b": 0.5}), late)
    with pytest.raises(DataError, match="cannot infer the data frequency"):
        volatility_contributions(pd.Series({"a": 1.0}), returns.reset_index(drop=True))
    with pytest.raises(DataError, match="weights must be a pandas Series"):
        risk_contributions({"a": 1.0}, returns)  # type: ignore[arg-type]

"""Bacon (2008) textbook data: published values where conventions match, plain Python otherwise."""

import math
import statistics

import pandas as pd
import pytest

from algofolio.metrics import (
    alpha_beta,
    annualized_volatility,
    cagr,
    information_ratio,
    kurtosis,
    max_drawdown,
    max_drawdown_duration,
    sharpe_ratio,
    skewness,
    sortino_ratio,
    total_return,
    tracking_error,
    value_at_risk,
)
from tests.metrics.bacon import (
    PUBLISHED_DOWNSIDE_DEVIATION_MAR_0_005,
    PUBLISHED_SAMPLE_EXCESS_KURTOSIS,
    PUBLISHED_SAMPLE_SKEWNESS,
)


def test_published_sample_skewness_and_excess_kurtosis(bacon: pd.DataFrame) -> None:
    assert round(skewness(bacon["portfolio"]), 2) == PUBLISHED_SAMPLE_SKEWNESS
    assert round(kurtosis(bacon["portfolio"]), 2) == PUBLISHED_SAMPLE_EXCESS_KURTOSIS


def test_sortino_denominator_is_the_published_downside_deviation(bacon: pd.DataFrame) -> None:
    # MAR of 0.5% a month, given to us as the equivalent annual rate
    portfolio = bacon["portfolio"]
    ratio = sortino_ratio(portfolio, risk_free_rate=1.005**12 - 1)
    mean_excess = statistics.fmean(r - 0.005 for r in portfolio)
    monthly_downside_deviation = mean_excess * 12 / ratio / math.sqrt(12)
    assert monthly_downside_deviation == pytest.approx(
        PUBLISHED_DOWNSIDE_DEVIATION_MAR_0_005, abs=5e-9
    )


def _plain(bacon: pd.DataFrame) -> tuple[list[float], list[float]]:
    return bacon["portfolio"].tolist(), bacon["benchmark"].tolist()


def test_return_and_volatility_against_plain_python(bacon: pd.DataFrame) -> None:
    p, _ = _plain(bacon)
    wealth = math.prod(1 + r for r in p)
    assert total_return(bacon["portfolio"]) == pytest.approx(wealth - 1, rel=1e-12)
    assert cagr(bacon["portfolio"]) == pytest.approx(wealth ** (12 / 24) - 1, rel=1e-12)
    vol = statistics.stdev(p) * math.sqrt(12)
    assert annualized_volatility(bacon["portfolio"]) == pytest.approx(vol, rel=1e-12)
    rf = 1.04 ** (1 / 12) - 1
    excess = [r - rf for r in p]
    sharpe = statistics.fmean(excess) / statistics.stdev(excess) * math.sqrt(12)
    assert sharpe_ratio(bacon["portfolio"], risk_free_rate=0.04) == pytest.approx(sharpe, rel=1e-10)


def test_drawdown_against_plain_python(bacon: pd.DataFrame) -> None:
    p, _ = _plain(bacon)
    wealth, peak, peak_at, worst, longest = 1.0, 1.0, 0, 0.0, 0
    for t, r in enumerate(p, start=1):
        wealth *= 1 + r
        if wealth >= peak:
            if t - peak_at > 1:  # back at the peak after some periods below it
                longest = max(longest, t - peak_at)
            peak, peak_at = wealth, t
        worst = max(worst, 1 - wealth / peak)
    longest = max(longest, len(p) - peak_at)  # a drawdown still open at the end
    assert max_drawdown(bacon["portfolio"]) == pytest.approx(worst, rel=1e-12)
    assert max_drawdown_duration(bacon["portfolio"]) == longest


def test_capm_against_plain_python(bacon: pd.DataFrame) -> None:
    p, b = _plain(bacon)
    beta = statistics.covariance(p, b) / statistics.variance(b)
    alpha = statistics.fmean(x - beta * y for x, y in zip(p, b, strict=True))
    fit = alpha_beta(bacon["portfolio"], bacon["benchmark"])
    assert fit.beta == pytest.approx(beta, rel=1e-12)
    assert fit.alpha == pytest.approx((1 + alpha) ** 12 - 1, rel=1e-10)
    active = [x - y for x, y in zip(p, b, strict=True)]
    te = statistics.stdev(active) * math.sqrt(12)
    assert tracking_error(bacon["portfolio"], bacon["benchmark"]) == pytest.approx(te, rel=1e-12)
    ir = statistics.fmean(active) * 12 / te
    assert information_ratio(bacon["portfolio"], bacon["benchmark"]) == pytest.approx(ir, rel=1e-10)


def test_historical_var_against_plain_python(bacon: pd.DataFrame) -> None:
    # numpy's default (linear) quantile is R's type 7: statistics.quantiles(method="inclusive")
    p, _ = _plain(bacon)
    cut = statistics.quantiles(p, n=20, method="inclusive")[0]
    assert value_at_risk(bacon["portfolio"], 0.95) == pytest.approx(-cut, rel=1e-12)

"""Alpha, beta, tracking error and information ratio against empyrical, quantstats, plain Python."""

import math
import statistics
import warnings

import empyrical as ep
import numpy as np
import pandas as pd
import pytest
import quantstats.stats as qs

from algofolio.core import DataError, EstimationError, per_period_rate
from algofolio.metrics import AlphaBeta, alpha_beta, information_ratio, tracking_error

RF = 0.02


def test_alpha_beta_match_empyrical(fund: pd.Series, market: pd.Series) -> None:
    fit = alpha_beta(fund, market, risk_free_rate=RF)
    alpha, beta = ep.alpha_beta(fund, market, risk_free=per_period_rate(RF, 252), annualization=252)
    assert fit.beta == pytest.approx(beta, rel=1e-12)
    assert fit.alpha == pytest.approx(alpha, rel=1e-10)


def test_beta_matches_quantstats_and_alpha_its_per_period_intercept(
    fund: pd.Series, market: pd.Series
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        greeks = qs.greeks(fund, market, periods=252)
    fit = alpha_beta(fund, market)
    assert fit.beta == pytest.approx(greeks["beta"], rel=1e-12)
    # quantstats annualises the same per-period alpha arithmetically (* 252); we compound
    assert (1 + fit.alpha) ** (1 / 252) - 1 == pytest.approx(greeks["alpha"] / 252, rel=1e-10)


def test_tracking_error_and_information_ratio(fund: pd.Series, market: pd.Series) -> None:
    active = (fund - market).tolist()
    te = statistics.stdev(active) * math.sqrt(252)
    assert tracking_error(fund, market) == pytest.approx(te, rel=1e-12)
    ir = statistics.fmean(active) * 252 / te
    assert information_ratio(fund, market) == pytest.approx(ir, rel=1e-10)
    assert information_ratio(fund, market) == pytest.approx(
        ep.excess_sharpe(fund, market) * math.sqrt(252), rel=1e-10
    )
    assert information_ratio(fund, market) == pytest.approx(
        qs.information_ratio(fund, market) * math.sqrt(252), rel=1e-10
    )


def test_series_are_aligned_on_common_dates(fund: pd.Series, market: pd.Series) -> None:
    late_fund = fund.iloc[100:]
    short_market = market.iloc[:-50]
    common = late_fund.index.intersection(short_market.index)
    expected = alpha_beta(late_fund.loc[common], short_market.loc[common])
    assert alpha_beta(late_fund, short_market) == expected
    # leading NaN of the benchmark are dropped like the returns'
    padded = market.copy()
    padded.iloc[:100] = np.nan
    assert tracking_error(fund, padded) == pytest.approx(tracking_error(late_fund, market))


def test_dataframe_of_strategies_against_one_benchmark(daily: pd.DataFrame) -> None:
    result = tracking_error(daily, daily["market"])
    assert result["market"] == 0.0
    assert result["fund"] == pytest.approx(tracking_error(daily["fund"], daily["market"]))


def test_no_overlap_is_a_data_error(fund: pd.Series, market: pd.Series) -> None:
    with pytest.raises(DataError, match="fund and the benchmark market have no date in common"):
        alpha_beta(fund.iloc[:10], market.iloc[20:])
    with pytest.raises(DataError, match="have 1 date in common"):
        tracking_error(fund.iloc[:10], market.iloc[9:])


def test_degenerate_inputs(fund: pd.Series) -> None:
    flat = pd.Series(0.0, index=fund.index, name="flat")
    with pytest.raises(EstimationError, match="beta is undefined"):
        alpha_beta(fund, flat)
    with pytest.raises(EstimationError, match="fund: the information ratio"):
        information_ratio(fund, fund - 0.001)
    gappy = fund.copy()
    gappy.iloc[5] = np.nan
    with pytest.raises(DataError, match="benchmark fund: the return on"):
        alpha_beta(fund, gappy)
    with pytest.raises(DataError, match="one return Series"):
        alpha_beta(fund.to_frame(), fund)  # type: ignore[arg-type]


def test_alpha_beta_is_a_frozen_value() -> None:
    fit = AlphaBeta(alpha=0.01, beta=1.1)
    with pytest.raises(AttributeError):
        fit.beta = 2.0  # type: ignore[misc]

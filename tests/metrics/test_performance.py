"""Return and risk-adjusted return metrics against empyrical, quantstats and closed forms."""

import math
import statistics
import warnings

import empyrical as ep
import numpy as np
import pandas as pd
import pytest
import quantstats.stats as qs

from algofolio.core import DataError, EstimationError, per_period_rate
from algofolio.metrics import (
    annualized_return,
    annualized_volatility,
    cagr,
    calmar_ratio,
    sharpe_ratio,
    sortino_ratio,
    total_return,
)

RF = 0.03  # annual


def test_total_return_matches_peers(fund: pd.Series) -> None:
    assert total_return(fund) == pytest.approx(ep.cum_returns_final(fund), rel=1e-12)
    assert total_return(fund) == pytest.approx(qs.comp(fund), rel=1e-12)


def test_cagr_matches_peers(fund: pd.Series) -> None:
    assert cagr(fund) == pytest.approx(ep.cagr(fund, annualization=252), rel=1e-12)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert cagr(fund) == pytest.approx(qs.cagr(fund, periods=252), rel=1e-12)


def test_annualized_return_is_arithmetic_mean_times_periods(fund: pd.Series) -> None:
    assert annualized_return(fund) == pytest.approx(statistics.fmean(fund.tolist()) * 252)


def test_annualized_volatility_matches_peers(fund: pd.Series) -> None:
    assert annualized_volatility(fund) == pytest.approx(ep.annual_volatility(fund), rel=1e-12)
    assert annualized_volatility(fund) == pytest.approx(qs.volatility(fund, periods=252))
    assert annualized_volatility(fund) == pytest.approx(
        statistics.stdev(fund.tolist()) * math.sqrt(252)
    )


def test_sharpe_matches_peers_with_annual_risk_free_rate(fund: pd.Series) -> None:
    rf = per_period_rate(RF, 252)
    ours = sharpe_ratio(fund, risk_free_rate=RF)
    assert ours == pytest.approx(ep.sharpe_ratio(fund, risk_free=rf, annualization=252), rel=1e-10)
    assert ours == pytest.approx(qs.sharpe(fund, rf=RF, periods=252), rel=1e-10)


def test_sortino_matches_peers(fund: pd.Series) -> None:
    rf = per_period_rate(RF, 252)
    ours = sortino_ratio(fund, risk_free_rate=RF)
    expected = ep.sortino_ratio(fund, required_return=rf, annualization=252)
    assert ours == pytest.approx(expected, rel=1e-10)
    assert ours == pytest.approx(qs.sortino(fund, rf=RF, periods=252), rel=1e-10)


def test_calmar_matches_peers(fund: pd.Series) -> None:
    assert calmar_ratio(fund) == pytest.approx(ep.calmar_ratio(fund, annualization=252), rel=1e-10)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert calmar_ratio(fund) == pytest.approx(qs.calmar(fund, periods=252), rel=1e-10)


def test_dataframe_gives_one_value_per_column_each_from_its_own_start(
    daily: pd.DataFrame,
) -> None:
    late = daily.copy()
    late.iloc[:100, 0] = np.nan  # the fund starts 100 days later: not truncated for the market
    result = sharpe_ratio(late)
    assert list(result.index) == ["fund", "market"]
    assert result["fund"] == pytest.approx(sharpe_ratio(daily["fund"].iloc[100:]))
    assert result["market"] == pytest.approx(sharpe_ratio(daily["market"]))


def test_periods_per_year_is_inferred_from_monthly_dates() -> None:
    r = pd.Series([0.01, 0.02, -0.01], index=pd.date_range("2020-01-31", periods=3, freq="ME"))
    assert annualized_return(r) == pytest.approx(0.02 / 3 * 12)
    assert cagr(r) == pytest.approx((1.01 * 1.02 * 0.99) ** 4 - 1)


def test_interior_nan_names_series_and_date(fund: pd.Series) -> None:
    gappy = fund.copy()
    gappy.iloc[10] = np.nan
    with pytest.raises(DataError, match=r"fund: the return on 2015-01-16 is missing") as info:
        sharpe_ratio(gappy)
    assert info.value.date == pd.Timestamp("2015-01-16")


def test_leading_nan_are_dropped(fund: pd.Series) -> None:
    shifted = fund.copy()
    shifted.iloc[:5] = np.nan
    assert total_return(shifted) == pytest.approx(total_return(fund.iloc[5:]))


def test_too_few_returns_raise_data_error() -> None:
    one = pd.Series([np.nan, 0.01], index=pd.bdate_range("2020-01-01", periods=2), name="x")
    with pytest.raises(DataError, match="x: 1 return"):
        annualized_volatility(one, periods_per_year=252)
    with pytest.raises(DataError, match="0 return"):
        total_return(pd.Series([np.nan, np.nan]))


def test_zero_volatility_sharpe_is_an_estimation_error_naming_the_series() -> None:
    flat = pd.Series([0.001] * 30, index=pd.bdate_range("2020-01-01", periods=30), name="cash")
    with pytest.raises(EstimationError, match="cash: the Sharpe ratio is undefined"):
        sharpe_ratio(flat)


def test_sortino_without_downside_is_an_estimation_error() -> None:
    up = pd.Series([0.01, 0.02, 0.0], index=pd.bdate_range("2020-01-01", periods=3), name="up")
    with pytest.raises(EstimationError, match="up: the Sortino ratio is undefined"):
        sortino_ratio(up)
    # with a risk-free rate above some returns there is a downside again: the closed form,
    # mean excess * 252 over sqrt(mean(min(excess, 0) ** 2)) * sqrt(252), the mean over all 3 days
    rf = 1.5 ** (1 / 252) - 1
    excess = [r - rf for r in up.tolist()]
    downside = math.sqrt(sum(min(x, 0.0) ** 2 for x in excess) / 3)
    expected = statistics.fmean(excess) * 252 / (downside * math.sqrt(252))
    assert sortino_ratio(up, risk_free_rate=0.5) == pytest.approx(expected, rel=1e-12)


def test_calmar_without_drawdown_is_an_estimation_error() -> None:
    up = pd.Series([0.01, 0.02], index=pd.bdate_range("2020-01-01", periods=2), name="up")
    with pytest.raises(EstimationError, match="up: the Calmar ratio"):
        calmar_ratio(up)


def test_cagr_of_negative_wealth_is_an_estimation_error() -> None:
    short = pd.Series([-1.5, 0.1], index=pd.RangeIndex(2), name="short")
    with pytest.raises(EstimationError, match="short: CAGR"):
        cagr(short, periods_per_year=12)


def test_non_datetime_index_needs_periods_per_year() -> None:
    with pytest.raises(DataError, match=r"^returns: cannot infer .* pass periods_per_year"):
        cagr(pd.Series([0.1, 0.2]))
    one = pd.Series([0.1], index=pd.DatetimeIndex(["2024-01-02"]), name="fund")
    with pytest.raises(DataError, match=r"^fund: cannot infer .* fewer than two dates") as info:
        cagr(one)
    assert info.value.asset == "fund"

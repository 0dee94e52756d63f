"""Inputs at the edge: undefined results raise naming the series, frames name the failing column."""

import numpy as np
import pandas as pd
import pytest

from algofolio.core import ConfigError, DataError, EstimationError
from algofolio.metrics import (
    alpha_beta,
    annualized_return,
    cagr,
    sharpe_ratio,
    sortino_ratio,
    summary,
    total_return,
)

DAYS = pd.bdate_range("2024-01-01", periods=3)


def test_cagr_beyond_the_float_range_raises_instead_of_inf() -> None:
    # wealth 1001 ** 3 over 3 days of 252: (1001 ** 3) ** 84 ~ 1e756
    booming = pd.Series([1000.0] * 3, index=DAYS, name="booming")
    with pytest.raises(EstimationError, match="booming: CAGR overflows"):
        cagr(booming)
    assert total_return(booming) == pytest.approx(1001.0**3 - 1)


def test_alpha_beyond_the_float_range_raises_instead_of_inf() -> None:
    bench = pd.Series([0.01, -0.01, 0.02], index=DAYS)
    with pytest.raises(EstimationError, match="fund: alpha is undefined"):
        alpha_beta(pd.Series([50.0, 51.0, 52.0], index=DAYS, name="fund"), bench)


def test_duplicated_column_names_are_a_data_error() -> None:
    frame = pd.DataFrame([[0.01, 0.02], [0.03, -0.01]], columns=["a", "a"])
    with pytest.raises(DataError, match="the column a appears more than once"):
        sharpe_ratio(frame, periods_per_year=12)


def test_frame_without_columns_gives_an_empty_result() -> None:
    empty = pd.DataFrame(index=DAYS)
    assert sharpe_ratio(empty).empty
    assert summary(empty).shape == (17, 0)


def test_a_column_of_text_fails_after_the_columns_before_it() -> None:
    frame = pd.DataFrame({"flat": [0.01] * 3, "text": ["a", "b", "c"]}, index=DAYS)
    with pytest.raises(EstimationError, match=r"^flat: the Sharpe ratio"):
        sharpe_ratio(frame)
    with pytest.raises(DataError, match=r"^text: returns must be numbers"):
        total_return(frame)
    assert np.isfinite(total_return(frame[["flat"]])).all()


def test_duplicated_dates_cannot_be_aligned_on_a_benchmark() -> None:
    twice = DAYS[[0, 0, 1, 2]]
    fund = pd.Series([0.01, 0.02, -0.01, 0.0], index=twice, name="fund")
    bench = pd.Series([0.01, 0.0, 0.02], index=DAYS)
    with pytest.raises(DataError, match="the returns: the date 2024-01-01 appears more than once"):
        alpha_beta(fund, bench)
    with pytest.raises(
        DataError, match="the benchmark: the date 2024-01-01 appears more than once"
    ):
        alpha_beta(bench, fund.rename(None))


@pytest.mark.parametrize("rate", [np.nan, np.inf, -1.5])
def test_a_risk_free_rate_without_a_per_period_equivalent_is_refused(rate: float) -> None:
    # NaN or inf gave a silent NaN ratio; below -1, (1 + r) ** (1 / n) is complex (a TypeError)
    fund = pd.Series([0.01, -0.02, 0.03], index=DAYS, name="fund")
    bench = pd.Series([0.01, -0.01, 0.02], index=DAYS)
    calls = [
        lambda: sharpe_ratio(fund, risk_free_rate=rate),
        lambda: sortino_ratio(fund, risk_free_rate=rate),
        lambda: alpha_beta(fund, bench, risk_free_rate=rate),
        lambda: summary(fund, risk_free_rate=rate),
    ]
    for call in calls:
        with pytest.raises(
            ConfigError, match="risk_free_rate: must be a finite annual rate"
        ) as info:
            call()
        assert info.value.key == "risk_free_rate"


def test_dates_out_of_order_are_not_annualised_as_daily() -> None:
    # newest first, month ends: the gaps are negative; before, this annualised by 365
    months = pd.date_range("2020-01-31", periods=24, freq="ME")
    newest_first = pd.Series(0.01, index=months[::-1], name="fund")
    with pytest.raises(DataError, match="not in increasing order"):
        annualized_return(newest_first)
    assert annualized_return(newest_first.sort_index()) == pytest.approx(0.12)
    assert annualized_return(newest_first, periods_per_year=12) == pytest.approx(0.12)

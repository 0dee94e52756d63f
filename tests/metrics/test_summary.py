"""The summary table: one column per series, each its own start, rows equal to the metric functions."""

import numpy as np
import pandas as pd
import pytest

from algofolio.core import ConfigError, DataError, EstimationError
from algofolio.metrics import (
    SUMMARY_FORMATS,
    alpha_beta,
    cagr,
    conditional_value_at_risk,
    information_ratio,
    max_drawdown_duration,
    sharpe_ratio,
    summary,
    summary_formats,
    tracking_error,
    value_at_risk,
)

BASE_ROWS = [
    "Total return",
    "CAGR",
    "Annualized return",
    "Annualized volatility",
    "Sharpe ratio",
    "Sortino ratio",
    "Calmar ratio",
    "Max drawdown",
    "Max drawdown duration",
    "VaR 95% (historical)",
    "CVaR 95% (historical)",
    "VaR 95% (Cornish-Fisher)",
    "Skewness",
    "Kurtosis",
    "Hit rate",
    "Best period",
    "Worst period",
]
BENCHMARK_ROWS = ["Alpha", "Beta", "Tracking error", "Information ratio"]


def test_rows_and_values_of_one_series(fund: pd.Series) -> None:
    table = summary(fund, risk_free_rate=0.02)
    assert list(table.index) == BASE_ROWS
    assert list(table.columns) == ["fund"]
    assert table.loc["Sharpe ratio", "fund"] == sharpe_ratio(fund, risk_free_rate=0.02)
    assert table.loc["CAGR", "fund"] == cagr(fund)
    assert table.loc["Max drawdown duration", "fund"] == max_drawdown_duration(fund)
    assert table.loc["CVaR 95% (historical)", "fund"] == conditional_value_at_risk(fund)


def test_unnamed_series_is_called_portfolio(fund: pd.Series) -> None:
    assert list(summary(fund.rename(None)).columns) == ["portfolio"]


def test_benchmark_rows_and_per_column_starts(daily: pd.DataFrame) -> None:
    frame = pd.DataFrame(
        {"fund": daily["fund"], "mix": 0.5 * daily["fund"] + 0.5 * daily["market"]}
    )
    frame.iloc[:200, 0] = np.nan  # the fund starts later; the mix is not truncated
    benchmark = daily["market"].rename("bench")
    mix = frame["mix"]
    table = summary(frame, benchmark=benchmark, confidence=0.99)
    assert list(table.index)[-4:] == BENCHMARK_ROWS
    assert "VaR 99% (historical)" in table.index
    late = daily["fund"].iloc[200:]
    assert table.loc["Beta", "fund"] == alpha_beta(late, benchmark).beta
    assert table.loc["Information ratio", "fund"] == information_ratio(late, benchmark)
    assert table.loc["VaR 99% (historical)", "mix"] == value_at_risk(mix, 0.99)
    assert table.loc["Total return", "mix"] == pytest.approx((1 + mix).prod() - 1)
    assert table.dtypes.eq("float64").all()


def test_benchmark_rows_annualise_on_the_common_dates_like_the_functions() -> None:
    # a fund priced every calendar day (365 a year) against a business-day benchmark: the common
    # dates are business days (252 a year), as tracking_error and information_ratio infer them
    rng = np.random.default_rng(5)
    days = pd.date_range("2021-01-01", periods=400, freq="D")
    fund = pd.Series(rng.normal(0.0005, 0.01, len(days)), index=days, name="fund")
    business = pd.bdate_range(days[0], days[-1])
    bench = pd.Series(rng.normal(0.0003, 0.01, len(business)), index=business, name="bench")
    table = summary(fund, benchmark=bench, risk_free_rate=0.02)
    on_common = fund.loc[business]
    active = (on_common - bench).to_numpy()
    te = np.std(active, ddof=1) * np.sqrt(252)
    assert table.loc["Tracking error", "fund"] == pytest.approx(te, rel=1e-12)
    assert table.loc["Tracking error", "fund"] == tracking_error(fund, bench)
    assert table.loc["Information ratio", "fund"] == information_ratio(fund, bench)
    assert table.loc["Alpha", "fund"] == alpha_beta(fund, bench, risk_free_rate=0.02).alpha
    assert table.loc["Annualized return", "fund"] == pytest.approx(fund.mean() * 365, rel=1e-12)


def test_formats_cover_every_label() -> None:
    assert set(SUMMARY_FORMATS) == set(BASE_ROWS + BENCHMARK_ROWS)
    assert SUMMARY_FORMATS["Max drawdown duration"] == "periods"
    assert SUMMARY_FORMATS["Sharpe ratio"] == "ratio"
    assert SUMMARY_FORMATS["Max drawdown"] == "percent"
    formats = summary_formats(0.975)
    assert formats["VaR 97.5% (Cornish-Fisher)"] == "percent"


def test_an_undefined_metric_raises_instead_of_leaving_nan(market: pd.Series) -> None:
    # the benchmark against itself has no tracking error: summarise it without benchmark=
    with pytest.raises(EstimationError, match="market: the information ratio"):
        summary(market, benchmark=market)
    assert summary(market).notna().all().all()


def test_errors_name_the_series(fund: pd.Series) -> None:
    with pytest.raises(ConfigError, match="confidence"):
        summary(fund, confidence=1.5)
    gappy = fund.copy()
    gappy.iloc[3] = np.nan
    with pytest.raises(DataError, match="fund: the return on"):
        summary(gappy)
    with pytest.raises(DataError, match="benchmark must be a pandas Series"):
        summary(fund, benchmark=fund.to_frame())  # type: ignore[arg-type]

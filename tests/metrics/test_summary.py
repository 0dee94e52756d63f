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

"""compute_metrics: the summary of each asset of a price file, checked against empyrical."""

from __future__ import annotations

from pathlib import Path

import empyrical
import numpy as np
import pytest

from algofolio.core.errors import ConfigError, DataError
from algofolio.datasets import load_factor_prices, load_riskfolio_prices, load_sp500_index
from algofolio.metrics import summary_formats
from algofolio.workflows import compute_metrics


def test_every_asset_matches_empyrical() -> None:
    table = compute_metrics("dataset:factors", risk_free_rate=0.02)
    prices = load_factor_prices()
    assert list(table.columns) == list(prices.columns)
    for asset in prices.columns:
        returns = prices[asset].pct_change().iloc[1:]
        rf_daily = 1.02 ** (1 / 252) - 1
        assert table.at["Sharpe ratio", asset] == pytest.approx(
            empyrical.sharpe_ratio(returns, risk_free=rf_daily), rel=1e-9
        )
        assert table.at["Annualized volatility", asset] == pytest.approx(
            empyrical.annual_volatility(returns), rel=1e-9
        )
        assert table.at["CAGR", asset] == pytest.approx(empyrical.cagr(returns), rel=1e-9)


def test_benchmark_file_adds_relative_rows_and_its_own_column(tmp_path: Path) -> None:
    prices = load_riskfolio_prices()
    stocks = prices.drop(columns="SPY")
    stocks.to_csv(tmp_path / "stocks.csv")
    prices[["SPY"]].to_csv(tmp_path / "spy.csv")
    table = compute_metrics(
        tmp_path / "stocks.csv", benchmark=tmp_path / "spy.csv", confidence=0.99
    )
    assert list(table.columns) == [*stocks.columns, "SPY"]
    assert set(table.index) == set(summary_formats(0.99))
    spy = prices["SPY"].pct_change().iloc[1:]
    amzn = prices["AMZN"].pct_change().iloc[1:]
    alpha, beta = empyrical.alpha_beta(amzn, spy)
    assert table.at["Beta", "AMZN"] == pytest.approx(beta, rel=1e-9)
    assert table.at["Alpha", "AMZN"] == pytest.approx(alpha, rel=1e-6)
    assert np.isnan(table.at["Beta", "SPY"])
    assert table.at["Sharpe ratio", "SPY"] == pytest.approx(empyrical.sharpe_ratio(spy), rel=1e-9)


def test_benchmark_named_like_an_asset_is_told_apart(tmp_path: Path) -> None:
    dates = load_riskfolio_prices().index
    index = load_sp500_index()["SP500"].reindex(dates).rename("SPY")
    index.to_frame().to_csv(tmp_path / "spy.csv")
    table = compute_metrics("dataset:riskfolio", benchmark=tmp_path / "spy.csv")
    assert table.columns[-1] == "SPY (benchmark)"
    expected = index.pct_change().iloc[1:]
    assert table.at["CAGR", "SPY (benchmark)"] == pytest.approx(empyrical.cagr(expected), rel=1e-9)


def test_unknown_dataset_and_missing_file() -> None:
    with pytest.raises(ConfigError, match="unknown dataset 'nasdaq'; available: 'sp500'"):
        compute_metrics("dataset:nasdaq")
    with pytest.raises(DataError, match=r"price file not found: nowhere\.csv"):
        compute_metrics("nowhere.csv")


def test_multi_column_benchmark_is_refused() -> None:
    with pytest.raises(
        DataError, match="a benchmark needs one price column; dataset:factors has 5"
    ):
        compute_metrics("dataset:riskfolio", benchmark="dataset:factors")

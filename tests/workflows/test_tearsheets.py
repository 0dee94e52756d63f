"""A tearsheet of value series: the figures a backtest of the same NAVs gives, from the values
alone; empty position frames shaped like the simulator's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from algofolio.core.errors import DataError
from algofolio.datasets import load_factor_prices
from algofolio.workflows import Comparison, run_config
from algofolio.workflows.quick_compare import compare_config
from algofolio.workflows.tearsheets import load_tearsheet, result_of_values, tearsheet


@pytest.fixture(scope="module")
def backtest() -> Comparison:
    config = compare_config(
        "dataset:factors",
        ["equal-weight", "inverse-volatility"],
        window=60,
        cost_bps=5,
        start=dt.date(2021, 1, 1),
        end=dt.date(2022, 6, 30),
        benchmark="dataset:sp500_index",
        initial_value=1000.0,
    )
    return run_config(config)


def test_a_backtests_navs_give_its_summary(backtest: Comparison) -> None:
    navs = pd.concat({r.name: r.nav for r in backtest.results}, axis=1)
    assert backtest.benchmark is not None
    index = pd.Series(1.0, index=navs.index, name="SP500") * backtest.benchmark
    sheet = tearsheet(navs, benchmark=index)
    pd.testing.assert_frame_equal(sheet.summary, backtest.summary, rtol=1e-12)
    assert sheet.initial_value == float(navs.iloc[0, 0])
    for ours, theirs in zip(sheet.results, backtest.results, strict=True):
        np.testing.assert_array_equal(ours.nav.to_numpy(), theirs.nav.to_numpy())  # kept as is


def test_cagr_and_total_return_from_the_endpoints() -> None:
    prices = load_factor_prices().iloc[-300:]
    sheet = tearsheet(prices)
    for asset in prices.columns:
        first, last = prices[asset].iloc[0], prices[asset].iloc[-1]
        years = (len(prices) - 1) / 252
        assert sheet.summary.at["Total return", asset] == pytest.approx(last / first - 1, rel=1e-12)
        assert sheet.summary.at["CAGR", asset] == pytest.approx(
            (last / first) ** (1 / years) - 1, rel=1e-12
        )
    start = float(prices.iloc[0, 0])
    for result in sheet.results:  # every series starts at the first one's first value
        assert result.nav.iloc[0] == pytest.approx(start, rel=1e-15)


def test_a_later_series_keeps_its_own_start() -> None:
    prices = load_factor_prices().iloc[-100:].copy()
    prices.iloc[:40, 1] = np.nan  # QUAL starts 40 dates later
    sheet = tearsheet(prices)
    assert sheet.results[1].nav.index[0] == prices.index[40]
    assert len(sheet.results[1].returns) == 59
    expected = prices.iloc[-1, 1] / prices.iloc[40, 1] - 1
    assert sheet.summary.at["Total return", "QUAL"] == pytest.approx(expected, rel=1e-12)


def test_empty_positions_look_like_the_simulators(backtest: Comparison) -> None:
    real = backtest.results[0]
    empty = result_of_values(real.nav)
    assert list(empty.trades.columns) == list(real.trades.columns)
    assert list(empty.trades.dtypes.astype(str)) == list(real.trades.dtypes.astype(str))
    assert list(empty.rebalances.columns) == list(real.rebalances.columns)
    assert empty.rebalances.index.name == real.rebalances.index.name == "date"
    assert str(empty.rebalances["filled"].dtype) == str(real.rebalances["filled"].dtype)
    assert empty.weights.index.equals(real.nav.index)
    assert empty.weights.shape[1] == 0
    assert (empty.cash == 0).all()
    assert empty.annual_turnover == 0.0
    assert empty.cost_drag == 0.0
    assert empty.total_costs == 0.0
    assert empty.holdings.shape == (len(real.nav), 0)


def test_load_tearsheet_cuts_the_dates_and_reads_a_file(tmp_path: Path) -> None:
    prices = load_factor_prices()
    prices.to_csv(tmp_path / "values.csv")
    sheet = load_tearsheet(
        tmp_path / "values.csv", start=dt.date(2022, 1, 1), end=dt.date(2022, 6, 30)
    )
    nav = sheet.results[0].nav
    assert nav.index[0] == pd.Timestamp("2022-01-03")
    assert nav.index[-1] == pd.Timestamp("2022-06-30")
    with pytest.raises(DataError, match="fewer than two dates"):
        load_tearsheet(tmp_path / "values.csv", start=dt.date(2030, 1, 1))
    with pytest.raises(DataError, match="fewer than two values"):
        result_of_values(pd.Series([1.0], index=pd.to_datetime(["2024-01-02"]), name="X"))

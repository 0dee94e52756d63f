"""run_config on small configs: dates, costs per strategy, benchmark alignment, early failures."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from algofolio.core.errors import ConfigError, DataError
from algofolio.datasets import load_factor_prices, load_sp500_index
from algofolio.workflows import load_backtest_config, run_config

CONFIG = """
[data]
prices = "dataset:factors"
{data}
[backtest]
initial_value = 1000
window = 20
costs_bps = 10
[[strategies]]
name = "Mix"
allocator = {{ kind = "fixed", weights = {{ MTUM = 0.5, USMV = 0.5 }} }}
rebalance = {{ kind = "calendar", frequency = "quarterly" }}
costs_bps = 25
[[strategies]]
name = "1/N"
allocator = {{ kind = "equal_weight" }}
rebalance = {{ kind = "threshold", threshold = 0.02 }}
"""


def _config(tmp_path: Path, data: str = "") -> Path:
    path = tmp_path / "c.toml"
    path.write_text(CONFIG.format(data=data), encoding="utf-8")
    return path


def test_start_end_costs_and_progress(tmp_path: Path) -> None:
    config = load_backtest_config(
        _config(tmp_path, 'start = "2019-06-15"\nend = "2020-06-30"\nbenchmark = "index.csv"')
    )
    load_sp500_index().to_csv(tmp_path / "index.csv")
    calls: list[tuple[str, int, int]] = []
    comparison = run_config(config, progress=lambda *args: calls.append(args))
    mix, equal = comparison.results
    dates = load_factor_prices().loc["2019-06-15":"2020-06-30"].index
    assert mix.nav.index.equals(dates.rename(mix.nav.index.name))
    assert equal.nav.index.equals(mix.nav.index)
    # fully invested from cash at rate r: first NAV = I / (1 + r), each strategy its own r
    assert mix.nav.iloc[0] == pytest.approx(1000 / 1.0025, rel=1e-12)
    assert equal.nav.iloc[0] == pytest.approx(1000 / 1.0010, rel=1e-12)
    assert calls == [("Backtesting Mix", 0, 2), ("Backtesting 1/N", 1, 2), ("Backtests done", 2, 2)]
    assert comparison.benchmark is not None
    index = load_sp500_index()["SP500"].reindex(dates)
    np.testing.assert_allclose(comparison.benchmark, 1000 * index / index.iloc[0], rtol=1e-12)
    assert list(comparison.summary.columns) == ["Mix", "1/N", "SP500"]
    assert comparison.title == "Backtest: Mix, 1/N vs SP500"


def test_benchmark_without_a_price_at_the_start_is_refused(tmp_path: Path) -> None:
    late = load_sp500_index().loc["2020-01-01":]
    late.to_csv(tmp_path / "late.csv")
    config = load_backtest_config(_config(tmp_path, 'benchmark = "late.csv"'))
    first = load_factor_prices().index[20]  # 20 returns of history for the window
    with pytest.raises(DataError, match=f"'SP500' has no price on or before {first:%Y-%m-%d}"):
        run_config(config)


def test_benchmark_gaps_carry_the_last_price(tmp_path: Path) -> None:
    index = load_sp500_index()
    dates = load_factor_prices().index
    holey = index.reindex(dates).iloc[::2]  # every other day only
    holey.to_csv(tmp_path / "holey.csv")
    config = load_backtest_config(_config(tmp_path, 'benchmark = "holey.csv"'))
    comparison = run_config(config)
    assert comparison.benchmark is not None
    nav_dates = comparison.results[0].nav.index
    expected = holey["SP500"].reindex(nav_dates, method="ffill")
    np.testing.assert_allclose(comparison.benchmark, 1000 * expected / expected.iloc[0], rtol=1e-12)


def test_missing_benchmark_fails_before_the_backtests(tmp_path: Path) -> None:
    config = load_backtest_config(_config(tmp_path, 'benchmark = "nope.csv"'))
    calls: list[object] = []
    with pytest.raises(DataError, match=r"data\.benchmark: price file not found"):
        run_config(config, progress=lambda *args: calls.append(args))
    assert calls == []


def test_end_before_the_first_possible_trade(tmp_path: Path) -> None:
    config = load_backtest_config(_config(tmp_path, 'end = "2014-01-10"'))
    with pytest.raises(DataError, match="nothing to backtest"):
        run_config(config)
    first = load_factor_prices().index[20]
    config = load_backtest_config(_config(tmp_path, f'end = "{first:%Y-%m-%d}"'))
    with pytest.raises(ConfigError, match=f"data.end: {first:%Y-%m-%d} is not after") as err:
        run_config(config)
    assert err.value.key == "data.end"


def test_summary_columns_are_the_strategies_returns(tmp_path: Path) -> None:
    comparison = run_config(load_backtest_config(_config(tmp_path)))
    for result in comparison.results:
        returns = result.nav.pct_change().iloc[1:]
        total = float(np.prod(1 + returns) - 1)
        assert comparison.summary.at["Total return", result.name] == pytest.approx(total)
    assert isinstance(comparison.summary, pd.DataFrame)

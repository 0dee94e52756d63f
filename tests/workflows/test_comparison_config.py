"""run_config with the new tables: contribution dates by hand, trading figures and the evaluation
against the backtest functions called directly, the tables the CLI writes."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from algofolio.allocate import EqualWeight, InverseVolatility
from algofolio.backtest import (
    Strategy,
    backtest_overfitting,
    compare_strategies,
    deflated_sharpe_ratio,
    walk_forward_selection,
)
from algofolio.costs import ProportionalCost
from algofolio.crossval import CombinatorialPurgedCV, WalkForward
from algofolio.datasets import load_factor_prices
from algofolio.rebalance import CalendarRule, ThresholdRule
from algofolio.workflows import run_config
from algofolio.workflows.comparison import comparison_tables
from algofolio.workflows.config import BacktestConfig
from algofolio.workflows.config_cash_flows import CashFlowsConfig

DATES = pd.DatetimeIndex(load_factor_prices().loc["2020-01-01":"2020-12-31"].index)


def _days(index: pd.Index) -> list[str]:
    return [f"{d:%m-%d}" for d in index]


def test_monthly_contributions_fall_on_each_first_trading_day() -> None:
    flows = CashFlowsConfig(amount=250.0, frequency="monthly").schedule(DATES, after=DATES[0])
    # Feb 1 and Aug 1, Nov 1 2020 were weekends
    assert _days(flows.index) == [
        "02-03", "03-02", "04-01", "05-01", "06-01", "07-01",
        "08-03", "09-01", "10-01", "11-02", "12-01",
    ]  # fmt: skip
    assert (flows == 250.0).all()


def test_weekly_alias_moves_a_holiday_to_the_next_trading_day() -> None:
    april = DATES[DATES.month == 4]
    flows = CashFlowsConfig(amount=-100.0, frequency="W-FRI").schedule(april, after=april[0])
    assert _days(flows.index) == ["04-03", "04-13", "04-17", "04-24"]  # Good Friday: Monday
    assert (flows == -100.0).all()


def test_start_and_end_bound_the_schedule() -> None:
    config = CashFlowsConfig.model_validate(
        {"amount": 1.0, "frequency": "quarterly", "start": "2020-04-02", "end": "2020-10-01"}
    )
    assert _days(config.schedule(DATES, after=DATES[0]).index) == ["07-01", "10-01"]
    assert config.schedule(DATES, after=DATES[-1]).empty


BASE: dict[str, Any] = {
    "data": {"prices": "dataset:factors", "start": "2019-01-01", "end": "2020-12-31"},
    "backtest": {"initial_value": 1000, "window": 40, "costs_bps": 10},
    "strategies": [
        {
            "name": "1/N",
            "allocator": {"kind": "equal_weight"},
            "rebalance": {"kind": "calendar", "frequency": "monthly"},
        },
        {
            "name": "IV",
            "allocator": {"kind": "inverse_volatility"},
            "rebalance": {"kind": "threshold", "threshold": 0.02},
        },
        {
            "name": "1/N quarterly",
            "allocator": {"kind": "equal_weight"},
            "rebalance": {"kind": "calendar", "frequency": "quarterly"},
            "costs_bps": 30,
        },
    ],
}


def _config(**changes: Any) -> BacktestConfig:
    raw = {**BASE, **changes}
    return BacktestConfig.model_validate(raw)


def test_contributions_reach_every_strategy_and_are_not_returns() -> None:
    backtest = {**BASE["backtest"], "cash_flows": {"amount": 100.0, "frequency": "monthly"}}
    comparison = run_config(_config(backtest=backtest))
    for result in comparison.results:
        assert result.flows is not None
        flows = result.flows[result.flows != 0]
        months = pd.DatetimeIndex(flows.index).month.tolist()
        assert months == [*range(2, 13), *range(1, 13)]  # after the start, 2019-01-02
        assert (flows == 100.0).all()
        # return net of the flow: (nav_t - flow_t) / nav_{t-1} - 1 on a contribution day
        day = flows.index[0]
        position = int(result.nav.index.searchsorted(day))
        nav = result.nav.to_numpy()
        expected = (nav[position] - 100.0) / nav[position - 1] - 1.0
        assert result.returns.loc[day] == pytest.approx(expected, rel=1e-12)


def test_trading_figures_are_compare_strategies() -> None:
    comparison = run_config(_config())
    prices = load_factor_prices().loc[:"2020-12-31"]
    direct = compare_strategies(
        prices,
        [
            Strategy(name="1/N", allocator=EqualWeight(), rule=CalendarRule("monthly"),
                     costs=ProportionalCost(bps=10), window=40),
            Strategy(name="IV", allocator=InverseVolatility(), rule=ThresholdRule(0.02),
                     costs=ProportionalCost(bps=10), window=40),
            Strategy(name="1/N quarterly", allocator=EqualWeight(), rule=CalendarRule("quarterly"),
                     costs=ProportionalCost(bps=30), window=40),
        ],
        start="2019-01-01",
        initial_value=1000,
    )  # fmt: skip
    assert comparison.trading is not None
    pd.testing.assert_frame_equal(comparison.trading, direct.trading, rtol=1e-12)
    assert comparison.trading.loc["1/N", "rebalances"] == 24  # initial + 23 month starts


def test_walk_forward_evaluation_is_the_backtest_functions() -> None:
    evaluation = {
        "splitter": {"kind": "walk_forward", "train_size": 120, "test_size": 60},
        "score": "sortino",
        "pbo_groups": 6,
        "n_trials": 10,
    }
    comparison = run_config(_config(evaluation=evaluation))
    returns = pd.concat({r.name: r.returns for r in comparison.results}, axis=1)
    expected = walk_forward_selection(returns, WalkForward(120, 60), "sortino")
    found = comparison.evaluation
    assert found is not None
    pd.testing.assert_frame_equal(found.selection.folds, expected.folds)
    pd.testing.assert_frame_equal(found.selection.returns, expected.returns)
    pbo = backtest_overfitting(returns, n_groups=6, score="sortino")
    assert found.overfitting.pbo == pbo.pbo
    assert len(found.overfitting.combinations) == 20  # C(6, 3)
    assert found.deflated_sharpe == deflated_sharpe_ratio(returns, n_trials=10)
    tables = comparison_tables(comparison)
    figures = tables["evaluation"]["value"]
    assert figures["pbo"] == pbo.pbo
    assert figures["deflated_sharpe_trials"] == 10
    assert len(tables["selection"]) == len(expected.folds)


def test_combinatorial_evaluation_has_one_path_per_backtest_path() -> None:
    evaluation = {"splitter": {"kind": "combinatorial", "n_folds": 4, "n_test_folds": 2}}
    comparison = run_config(_config(evaluation=evaluation))
    assert comparison.evaluation is not None
    paths = CombinatorialPurgedCV(4, 2).path_assignment.shape[0]
    assert comparison.evaluation.selection.returns.shape[1] == paths == 3
    assert list(comparison_tables(comparison)["selection_returns"].columns) == [
        "path_0",
        "path_1",
        "path_2",
    ]


def test_rebalance_log_holds_every_rebalance_with_its_reason() -> None:
    comparison = run_config(_config())
    log = comparison_tables(comparison)["rebalances"]
    assert list(log.columns) == ["strategy", "date", "filled", "reason", "turnover", "cost"]
    assert len(log) == sum(len(r.rebalances) for r in comparison.results)
    iv = log[log["strategy"] == "IV"]
    assert iv["reason"].iloc[0] == "initial allocation"
    assert set(iv["reason"].iloc[1:]) == {ThresholdRule(0.02).describe()}
    np.testing.assert_allclose(iv["cost"].sum(), comparison.results[1].total_costs, rtol=1e-12)


def test_next_open_fills_keep_every_contribution() -> None:
    backtest = {
        **BASE["backtest"],
        "execution": "next_open",
        "cash_flows": {"amount": 100.0, "frequency": "monthly"},
    }
    strategies = [
        {**BASE["strategies"][0], "rebalance": {"kind": "calendar", "frequency": "daily"}}
    ]
    data = {**BASE["data"], "opens": "dataset:factors"}
    comparison = run_config(_config(data=data, backtest=backtest, strategies=strategies))
    flows = comparison.results[0].flows
    assert flows is not None
    assert flows.sum() == pytest.approx(100.0 * 23)  # February 2019 to December 2020

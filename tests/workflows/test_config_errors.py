"""Every mistake in the new tables names the file and the dotted key the user wrote, on one line;
settings only a run can check (opens, volumes, a linear cost) name the key too."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from algofolio.core.errors import ConfigError, DataError, InfeasibleError
from algofolio.datasets import load_factor_prices
from algofolio.workflows import load_backtest_config, run_config
from algofolio.workflows.config_data import read_amounts

HEAD = '[data]\nprices = "dataset:factors"\n'
ONE = """
[[strategies]]
name = "A"
allocator = { kind = "equal_weight" }
rebalance = { kind = "calendar", frequency = "monthly" }
"""
TWO = ONE + ONE.replace('"A"', '"B"')


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _strategy(**tables: str) -> str:
    lines = [f"{key} = {value}" for key, value in tables.items()]
    return ONE + "\n".join(lines) + "\n"


MISTAKES = [
    (
        HEAD + "[backtest]\ncosts_bps = 5\ncosts = { kind = 'proportional', bps = 5 }\n" + ONE,
        "backtest",
        "give costs or costs_bps, not both",
    ),
    (
        HEAD + "[backtest]\ncosts = [{ kind = 'proportional', bps = 1 }, { kind = 'per_share', "
        "per_share = -1 }]\n" + ONE,
        "backtest.costs[1].per_share",
        "greater than or equal to 0 (got -1)",
    ),
    (
        HEAD + "[backtest]\ncosts = { kind = 'proportional', bps = -2 }\n" + ONE,
        "backtest.costs.bps",
        "greater than or equal to 0 (got -2)",
    ),
    (
        HEAD + "[backtest]\ncosts = { kind = 'flat', bps = 2 }\n" + ONE,
        "backtest.costs.kind",
        "'flat' is not one of 'proportional', 'per_share', 'half_spread', 'square_root_impact'",
    ),
    (
        HEAD + "[backtest]\ncosts = { kind = 'half_spread' }\n" + ONE,
        "backtest.costs.spread_bps",
        "required key is missing",
    ),
    (
        HEAD + "[backtest]\nexecution = 'open'\n" + ONE,
        "backtest.execution",
        "'open' is not one of 'close' or 'next_open'",
    ),
    (
        HEAD + "[backtest]\nfinancing = { cash_rate = -1.5 }\n" + ONE,
        "backtest.financing.cash_rate",
        "greater than -1",
    ),
    (
        HEAD + "[backtest]\ncash_flows = { amount = 0 }\n" + ONE,
        "backtest.cash_flows.amount",
        "a cash flow of 0 does nothing",
    ),
    (
        HEAD + "[backtest]\ncash_flows = { amount = 100, frequency = 'h' }\n" + ONE,
        "backtest.cash_flows.frequency",
        "shorter than a day",
    ),
    (
        HEAD + "[backtest]\ncash_flows = { amount = 100, frequency = 'fortnightly' }\n" + ONE,
        "backtest.cash_flows.frequency",
        "'fortnightly' is not one of",
    ),
    (
        HEAD + _strategy(trade="[{ kind = 'full' }, { kind = 'minimum_trade', min_weight = 2 }]"),
        "strategies[0].trade[1].min_weight",
        "less than 1",
    ),
    (
        HEAD + _strategy(trade="{ kind = 'band_edge', threshold = 1.5 }"),
        "strategies[0].trade.threshold",
        "must be in (0, 1), got 1.5",
    ),
    (
        HEAD + _strategy(trade="[]"),
        "strategies[0].trade",
        "at least 1 item",
    ),
    (
        HEAD
        + ONE.replace(
            '{ kind = "calendar", frequency = "monthly" }',
            "{ kind = 'any', rules = [{ kind = 'calendar', frequency = 'monthly' }, "
            "{ kind = 'threshold', threshold = { A = 0.1, B = -0.1 } }] }",
        ),
        "strategies[0].rebalance.rules[1].threshold",
        "greater than 0 (got -0.1)",
    ),
    (
        HEAD
        + ONE.replace(
            '{ kind = "calendar", frequency = "monthly" }', "{ kind = 'threshold', threshold = 'x' }"
        ),
        "strategies[0].rebalance.threshold",
        "threshold: input should be a valid number (got 'x')",
    ),
    (
        HEAD
        + ONE.replace(
            '{ kind = "calendar", frequency = "monthly" }',
            "{ kind = 'threshold', threshold = { A = 0.1 }, scope = 'portfolio' }",
        ),
        "strategies[0].rebalance.threshold",
        "takes one absolute threshold",
    ),
    (
        HEAD
        + ONE.replace(
            '{ kind = "calendar", frequency = "monthly" }',
            "{ kind = 'calendar', frequency = 'monthly', offset = -1 }",
        ),
        "strategies[0].rebalance.offset",
        "greater than or equal to 0",
    ),
    (
        HEAD
        + ONE.replace(
            '{ kind = "equal_weight" }',
            "{ kind = 'tilt', base = { kind = 'tilt' } }",
        ),
        "strategies[0].allocator.base.kind",
        "'tilt' is not one of",
    ),
    (
        HEAD
        + ONE.replace(
            '{ kind = "equal_weight" }',
            "{ kind = 'tilt', base = { kind = 'equal_weight' }, "
            "signal = { kind = 'momentum', lookback = 20, skip = 20 } }",
        ),
        "strategies[0].allocator.signal",
        "skip (20) must be smaller than lookback (20)",
    ),
    (
        HEAD + ONE.replace('{ kind = "equal_weight" }', "{ kind = 'max_sharpe', max_weight = 0 }"),
        "strategies[0].allocator.max_weight",
        "greater than 0",
    ),
    (
        HEAD + ONE.replace('{ kind = "equal_weight" }', "{ kind = 'efficient_risk' }"),
        "strategies[0].allocator.target_volatility",
        "required key is missing",
    ),
    (
        HEAD + ONE.replace('{ kind = "equal_weight" }', "{ kind = 'hrp', linkage = 'median' }"),
        "strategies[0].allocator.linkage",
        "'median' is not one of",
    ),
    (
        HEAD + ONE + "[evaluation]\nsplitter = { kind = 'walk_forward', train_size = 10, test_size = 5 }\n",
        "evaluation",
        "give at least two",
    ),
    (
        HEAD + TWO + "[evaluation]\nsplitter = { kind = 'k_fold' }\n",
        "evaluation.splitter.kind",
        "'k_fold' is not one of 'walk_forward', 'purged_kfold', 'combinatorial'",
    ),
    (
        HEAD + TWO + "[evaluation]\nsplitter = { kind = 'purged_kfold' }\npbo_groups = 7\n",
        "evaluation.pbo_groups",
        "an even number of groups, got 7",
    ),
    (
        HEAD + TWO + "[evaluation]\nsplitter = { kind = 'combinatorial', n_folds = 4, "
        "n_test_folds = 4 }\n",
        "evaluation.splitter",
        "n_test_folds (4) must be smaller than n_folds (4)",
    ),
    (
        HEAD + TWO + "[evaluation]\nsplitter = { kind = 'purged_kfold' }\nscore = 'calmar'\n",
        "evaluation.score",
        "'calmar' is not one of",
    ),
    (
        HEAD.replace("\n", '\nvolumes = ""\n', 1) + ONE,
        "data.volumes",
        "at least 1 character",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("body", "key", "message"), MISTAKES, ids=[m[1] for m in MISTAKES])
def test_each_mistake_names_file_and_key(tmp_path: Path, body: str, key: str, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_backtest_config(_write(tmp_path, body))
    assert err.value.key == key
    text = str(err.value)
    assert text.startswith(f"bad.toml: {key}: ")
    assert message in text
    assert "\n" not in text
    assert "<one>" not in text
    assert "<many>" not in text


def _run(tmp_path: Path, body: str) -> None:
    run_config(load_backtest_config(_write(tmp_path, body)))


def test_next_open_without_opens_names_data_opens(tmp_path: Path) -> None:
    body = HEAD + 'end = "2015-06-30"\n[backtest]\nwindow = 20\nexecution = "next_open"\n' + ONE
    with pytest.raises(ConfigError, match=r"^data\.opens: .*opening prices") as err:
        _run(tmp_path, body)
    assert err.value.key == "data.opens"


def test_impact_without_volumes_names_data_volumes(tmp_path: Path) -> None:
    body = (
        HEAD + 'end = "2015-06-30"\n[backtest]\nwindow = 20\n'
        "costs = { kind = 'square_root_impact' }\n" + ONE
    )
    with pytest.raises(ConfigError, match=r"^data\.volumes: ") as err:
        _run(tmp_path, body)
    assert err.value.key == "data.volumes"


def test_no_trade_region_needs_a_linear_cost(tmp_path: Path) -> None:
    body = (
        HEAD + "[backtest]\ncosts = { kind = 'per_share' }\n"
        + _strategy(trade="{ kind = 'no_trade_region', risk_aversion = 0.1 }")
    )  # fmt: skip
    with pytest.raises(ConfigError, match=r"^strategies\[0\]\.trade\.cost_bps: ") as err:
        _run(tmp_path, body)
    assert err.value.key == "strategies[0].trade.cost_bps"


def test_impact_costs_read_the_volumes_file(tmp_path: Path) -> None:
    prices = load_factor_prices().loc[:"2015-06-30"]
    volumes = pd.DataFrame(1e6, index=prices.index, columns=prices.columns)
    volumes.iloc[3, 0] = 0.0  # a day without trading is fine before the first trade
    volumes.to_csv(tmp_path / "volumes.csv")
    body = (
        HEAD + 'end = "2015-06-30"\nvolumes = "volumes.csv"\n[backtest]\nwindow = 20\n'
        "initial_value = 1e6\ncosts = { kind = 'square_root_impact', coefficient = 1.0 }\n" + ONE
    )
    comparison = run_config(load_backtest_config(_write(tmp_path, body)))
    costs = comparison.results[0].trades["cost"]
    assert (costs > 0).all()


def test_amount_files_refuse_negative_and_text_cells(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("date,A,B\n2024-01-02,0.5,NA\n2024-01-03,x,0\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"^data\.dividends: 'A' has 'x' on 2024-01-03") as err:
        read_amounts(str(path), key="data.dividends")
    assert err.value.asset == "A"
    path.write_text("date,A,B\n2024-01-02,0.5,\n2024-01-03,0,0\n", encoding="utf-8")
    frame = read_amounts(str(path), key="data.dividends")
    assert frame.to_dict("list") == {"A": [0.5, 0.0], "B": [pytest.approx(float("nan"), nan_ok=True), 0.0]}  # fmt: skip
    with pytest.raises(DataError, match=r"^data\.volumes: file not found"):
        read_amounts(str(tmp_path / "nope.csv"), key="data.volumes")


def test_an_optimiser_failing_mid_run_names_the_strategy(tmp_path: Path) -> None:
    body = (
        HEAD + 'start = "2020-03-20"\nend = "2020-06-30"\n[backtest]\nwindow = 40\n'
        + ONE.replace('{ kind = "equal_weight" }', "{ kind = 'max_sharpe', risk_free_rate = 0.01 }")
    )  # fmt: skip
    with pytest.raises(InfeasibleError, match=r"^strategy 'A': max Sharpe: no asset's expected"):
        _run(tmp_path, body)

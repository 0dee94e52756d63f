"""``compare_config`` builds the config a TOML file would give; errors name the option."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from algofolio.core.errors import ConfigError, DataError
from algofolio.workflows import load_backtest_config, run_config
from algofolio.workflows.config_allocators import OPTIMIZER_KINDS
from algofolio.workflows.quick_compare import (
    STRATEGY_KINDS,
    compare_config,
    parse_strategy,
    run_comparison,
    with_options,
)

TOML = """
[data]
prices = "dataset:factors"
start = 2021-06-01
end = 2022-06-30
[backtest]
initial_value = 1000.0
window = 60
costs_bps = 10
risk_free_rate = 0.01
[[strategies]]
name = "equal-weight"
allocator = { kind = "equal_weight" }
rebalance = { kind = "threshold", threshold = 0.05 }
[[strategies]]
name = "max-sharpe max_weight=0.4"
allocator = { kind = "max_sharpe", max_weight = 0.4 }
rebalance = { kind = "threshold", threshold = 0.05 }
"""


def test_the_config_equals_the_same_tables_read_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "same.toml"
    path.write_text(TOML, encoding="utf-8")
    from_file = load_backtest_config(path)
    built = compare_config(
        "dataset:factors",
        ["equal-weight", "max-sharpe:max_weight=0.4"],
        rebalance="threshold:0.05",
        cost_bps=10,
        window=60,
        start=dt.date(2021, 6, 1),
        end=dt.date(2022, 6, 30),
        risk_free_rate=0.01,
        initial_value=1000.0,
    )
    assert built == from_file
    ours, theirs = run_config(built), run_config(from_file)
    for a, b in zip(ours.results, theirs.results, strict=True):
        np.testing.assert_array_equal(a.nav.to_numpy(), b.nav.to_numpy())


def test_every_kind_is_the_configs() -> None:
    assert [k.replace("-", "_") for k in STRATEGY_KINDS] == list(OPTIMIZER_KINDS)
    assert parse_strategy("min_variance") == parse_strategy("min-variance") == ("min_variance", {})


@pytest.mark.parametrize(
    ("strategies", "options", "expected"),
    [
        (["foo"], {}, "--strategy: unknown 'foo'; choose from 'min-variance'"),
        ([], {}, "--strategy: give at least one strategy"),
        (["hrp", "hrp"], {}, "--strategy: 'hrp' is given twice"),
        (["efficient-risk"], {}, "--strategy 'efficient-risk': target_volatility: required"),
        (["max-sharpe:max_weight=2"], {}, "--strategy 'max-sharpe:max_weight=2': max_weight"),
        (["max-sharpe:maxweight=0.2"], {}, "maxweight: unknown key"),
        (["max-sharpe:0.2"], {}, "'0.2' is not key=value"),
        (["hrp"], {"rebalance": "montly"}, "--rebalance: 'montly' is not one of"),
        (["hrp"], {"rebalance": "threshold:x"}, "--rebalance: threshold 'x' is not a number"),
        (["hrp"], {"rebalance": "threshold:-1"}, "--rebalance: input should be greater than 0"),
        (["hrp"], {"window": 1}, "--window: "),
        (["hrp"], {"cost_bps": -1.0}, "--cost-bps: "),
        (["hrp"], {"initial_value": 0.0}, "--capital: "),
        (
            ["hrp"],
            {"start": dt.date(2022, 1, 1), "end": dt.date(2021, 1, 1)},
            "--end: 2021-01-01 is not after start 2022-01-01",
        ),
    ],
)
def test_errors_name_the_option(
    strategies: list[str], options: dict[str, object], expected: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        compare_config("dataset:factors", strategies, **options)  # type: ignore[arg-type]
    assert expected in str(caught.value)


def test_run_errors_name_the_option() -> None:
    config = compare_config("dataset:nasdaq", ["hrp"])
    with pytest.raises(ConfigError, match=r"^PRICES: unknown dataset 'nasdaq'"):
        run_comparison(config)
    config = compare_config("dataset:factors", ["hrp"], benchmark="missing.csv")
    with pytest.raises(DataError, match=r"^--benchmark: price file not found: missing.csv"):
        run_comparison(config)
    short = compare_config("dataset:factors", ["hrp"], window=252, end=dt.date(2015, 1, 2))
    with pytest.raises(ConfigError, match=r"^--end: 2015-01-02 is not after the first date"):
        run_comparison(short)
    shorter = compare_config("dataset:factors", ["hrp"], window=252, end=dt.date(2014, 6, 30))
    with pytest.raises(DataError, match=r"^--window: no date has 252 returns of history"):
        run_comparison(shorter)


def test_with_options_replaces_only_what_is_given(tmp_path: Path) -> None:
    path = tmp_path / "same.toml"
    path.write_text(TOML, encoding="utf-8")
    config = load_backtest_config(path)
    assert with_options(config) is config
    changed = with_options(config, start=dt.date(2022, 1, 3), risk_free_rate=0.03)
    assert changed.data.start == dt.date(2022, 1, 3)
    assert changed.data.end == config.data.end
    assert changed.backtest.risk_free_rate == 0.03
    assert changed.backtest.costs_bps == config.backtest.costs_bps
    assert changed.strategies == config.strategies
    with pytest.raises(ConfigError, match="--risk-free: "):
        with_options(config, risk_free_rate=-2.0)

"""The backtest TOML schema: the demo file round-trips, every mistake names file and key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from algofolio.allocate import FixedWeights, InverseVolatility
from algofolio.core.errors import ConfigError
from algofolio.costs import ProportionalCost
from algofolio.rebalance import CalendarRule, ThresholdRule
from algofolio.workflows import build_strategies, demo_config, load_backtest_config
from algofolio.workflows.config import BacktestConfig

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "demo.toml"

STRATEGY = """
[[strategies]]
name = "Equal"
allocator = { kind = "equal_weight" }
rebalance = { kind = "calendar", frequency = "monthly" }
"""


def _write(tmp_path: Path, text: str, name: str = "bad.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_example_file_is_the_demo_config() -> None:
    assert load_backtest_config(EXAMPLE) == demo_config()


def test_demo_mix_is_60_30_10() -> None:
    weights = demo_config().strategies[0].allocator.weights  # type: ignore[union-attr]
    defensive = ["JNJ", "KO", "PEP", "PG", "WMT", "MRK"]
    assert sum(weights[a] for a in defensive) == pytest.approx(0.6)
    assert sum(weights[a] for a in ["AAPL", "MSFT", "AMD"]) == pytest.approx(0.3)
    assert sum(weights[a] for a in ["XOM", "CVX"]) == pytest.approx(0.1)
    assert len(weights) == 11


def test_strategies_are_built_with_the_configured_objects(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
[data]
prices = "prices/p.csv"
start = 2001-02-03
end = "2010-01-01"
[backtest]
initial_value = 100
window = 60
costs_bps = 5
[[strategies]]
name = "Fixed"
allocator = { kind = "fixed", weights = { A = 0.5, B = 0.25 } }
rebalance = { kind = "threshold", threshold = 0.05, drift = "relative" }
costs_bps = 2.5
[[strategies]]
name = "IV"
allocator = { kind = "inverse_volatility" }
rebalance = { kind = "calendar", frequency = "quarterly" }
window = 20
""",
        name="ok.toml",
    )
    config = load_backtest_config(path)
    assert config.data.prices == str(tmp_path / "prices" / "p.csv")  # relative to the file
    assert config.data.start == dt.date(2001, 2, 3)
    assert config.data.end == dt.date(2010, 1, 1)
    fixed, iv = build_strategies(config)
    assert isinstance(fixed.allocator, FixedWeights)
    assert fixed.allocator.get_params()["weights"] == {"A": 0.5, "B": 0.25}
    assert fixed.rule == ThresholdRule(0.05, kind="relative")
    assert fixed.costs == ProportionalCost(bps=2.5)
    assert fixed.window == 60
    assert isinstance(iv.allocator, InverseVolatility)
    assert iv.rule == CalendarRule("quarterly")
    assert iv.costs == ProportionalCost(bps=5)
    assert iv.window == 20


def test_config_is_the_serialisation_of_the_models() -> None:
    config = demo_config()
    assert BacktestConfig.model_validate(config.model_dump()) == config


@pytest.mark.parametrize(
    ("body", "key", "message"),
    [
        (
            '[data]\nprices = "p.csv"\nprise = 1\n' + STRATEGY,
            "data.prise",
            "bad.toml: data.prise: unknown key",
        ),
        (
            '[data]\nprices = "p.csv"\n[backtest]\nwindow = "252"\n' + STRATEGY,
            "backtest.window",
            "bad.toml: backtest.window: input should be a valid integer (got '252')",
        ),
        (
            '[data]\nprices = "p.csv"\n' + STRATEGY.replace('"monthly"', '"montly"'),
            "strategies[0].rebalance.frequency",
            "bad.toml: strategies[0].rebalance.frequency: 'montly' is not one of 'daily', "
            "'weekly', 'monthly', 'quarterly' or 'yearly'",
        ),
        (
            '[data]\nprices = "p.csv"\n'
            + STRATEGY.replace(
                '{ kind = "equal_weight" }', "{ kind = 'fixed', weights = { A = 0.7, B = 0.4 } }"
            ),
            "strategies[0].allocator.weights",
            "weights sum to 1.1 > 1",
        ),
        (
            '[data]\nprices = "p.csv"\n'
            + STRATEGY.replace(
                '{ kind = "equal_weight" }', "{ kind = 'fixed', weights = { A = 'x' } }"
            ),
            "strategies[0].allocator.weights.A",
            "strategies[0].allocator.weights.A: input should be a valid number (got 'x')",
        ),
        (
            '[data]\nprices = "p.csv"\n' + STRATEGY.replace('"equal_weight"', '"equal"'),
            "strategies[0].allocator.kind",
            "'equal' is not one of 'min_variance', 'max_sharpe', 'max_utility'",
        ),
        (
            '[data]\nprices = "p.csv"\n'
            + STRATEGY.replace(
                '{ kind = "calendar", frequency = "monthly" }',
                '{ kind = "threshold", threshold = -0.1 }',
            ),
            "strategies[0].rebalance.threshold",
            "strategies[0].rebalance.threshold: input should be greater than 0 (got -0.1)",
        ),
        (
            '[data]\nprices = "p.csv"\nstart = "2020-01-01"\nend = "2019-01-01"\n' + STRATEGY,
            "data.end",
            "data.end: 2019-01-01 is not after start 2020-01-01",
        ),
        (
            '[data]\nprices = "p.csv"\n[backtest]\ncosts_bps = nan\n' + STRATEGY,
            "backtest.costs_bps",
            "input should be a finite number",
        ),
        ('[data]\nprices = "p.csv"\n', "strategies", "strategies: required key is missing"),
        (
            '[data]\nprices = "p.csv"\n' + STRATEGY + STRATEGY,
            "strategies",
            "strategy name 'Equal' is used twice",
        ),
    ],
)
def test_each_mistake_names_file_and_key(tmp_path: Path, body: str, key: str, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_backtest_config(_write(tmp_path, body))
    assert err.value.key == key
    assert message in str(err.value)
    assert str(err.value).startswith("bad.toml: ")
    assert "\n" not in str(err.value)


def test_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, '[data]\nprices = "p.csv"\n[[strategies]\nname = "x"\n')
    with pytest.raises(ConfigError, match=r"^bad.toml: invalid TOML: .*line 3"):
        load_backtest_config(path)


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nope\.toml: config file not found"):
        load_backtest_config(tmp_path / "nope.toml")


def test_many_errors_stay_on_one_line(tmp_path: Path) -> None:
    body = (
        '[data]\nprices = 1\nstart = 2\nend = 3\nmissing = 4\n[backtest]\nwindow = "x"\n' + STRATEGY
    )
    with pytest.raises(ConfigError, match=r"\(and 2 more errors\)$") as err:
        load_backtest_config(_write(tmp_path, body))
    assert err.value.key == "data.prices"

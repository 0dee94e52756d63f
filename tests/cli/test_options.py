"""The shared options: one name, help and default in every command; every command's help has
1-3 examples; usage errors exit 1 with click's message."""

from __future__ import annotations

from collections import defaultdict

import pytest
from typer.testing import CliRunner

from algofolio.cli import app
from algofolio.cli.options import DEFAULTS, examples_of
from tests.cli._helpers import commands

EVERY_COMMAND = {
    "demo", "metrics", "optimize", "frontier", "backtest", "compare", "rebalance", "report",
    "profile", "data list", "data show", "data validate", "data export",
}  # fmt: skip
WRITES_A_REPORT = {"demo", "backtest", "compare", "report", "frontier"}


def test_every_command_is_there_with_json() -> None:
    found = dict(commands())
    assert set(found) == EVERY_COMMAND
    for name, command in found.items():
        options = {opt for param in command.params for opt in param.opts}
        assert "--json" in options, name
        assert ("--png" in options) == (name in WRITES_A_REPORT), name
        assert ("--out" in options) == (name in WRITES_A_REPORT), name


def test_shared_options_have_one_help_and_default() -> None:
    seen: dict[str, set[tuple[str, object]]] = defaultdict(set)
    for _, command in commands():
        for param in command.params:
            name = param.opts[0]
            if name in DEFAULTS:
                seen[name].add((param.help, param.default))
    assert set(seen) == set(DEFAULTS)
    for name, variants in seen.items():
        assert len(variants) == 1, (name, variants)
        assert next(iter(variants))[1] == DEFAULTS[name], name


@pytest.mark.parametrize("name", sorted(EVERY_COMMAND))
def test_help_lists_one_to_three_examples_of_itself(name: str) -> None:
    result = CliRunner(env={"COLUMNS": "100"}).invoke(app, [*name.split(), "--help"])
    assert result.exit_code == 0
    examples = examples_of(result.stdout)
    assert 1 <= len(examples) <= 3
    assert any(example.startswith(f"algofolio {name} ") for example in examples)
    epilog = dict(commands())[name].epilog
    assert examples == examples_of(epilog)  # shown whole: click does not rewrap them


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["metrics"], "Missing argument 'PRICES'."),
        (["metrics", "dataset:factors", "--bogus"], "No such option: --bogus"),
        (["metricz"], "No such command 'metricz'."),
        (["compare", "dataset:factors"], "Missing option '--strategy'."),
        (["compare", "dataset:factors", "--strategy", "hrp", "--start", "2020-13-01"], "'--start'"),
        (["compare", "dataset:factors", "--strategy", "hrp", "--cost-bps", "-1"], "'--cost-bps'"),
        (["data", "shw"], "No such command 'shw'."),
        ([], "Usage: algofolio"),
        (["data"], "Usage: algofolio data"),
    ],
)
def test_usage_errors_exit_1(args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output

"""``algofolio profile``: from a file or asked on the terminal (re-asked on bad answers), the
proposal of ``workflows.profile``; its config runs in ``algofolio backtest``."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from algofolio.cli import app
from algofolio.workflows import load_backtest_config
from algofolio.workflows.profile import InvestorProfile, load_profile, propose
from tests.cli._helpers import strict_json

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "profile.toml"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "200"})


def test_from_a_file(runner: CliRunner, tmp_path: Path) -> None:
    config = tmp_path / "mix.toml"
    args = ["profile", "--from", str(EXAMPLE), "--write-config", str(config)]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    payload = strict_json(result.stdout)
    expected = propose(load_profile(EXAMPLE)).to_payload()
    assert payload == {**expected, "config": str(config)}
    # the documented rule: balanced starts at 60% stocks, a moderate tolerance keeps it, and a
    # 15-year horizon allows up to 100%
    assert payload["weights"] == {"SP500": pytest.approx(0.6)}
    parsed = load_backtest_config(config)
    assert parsed.strategies[0].allocator.weights == pytest.approx({"SP500": 0.6})
    backtest = runner.invoke(
        app, ["backtest", str(config), "--start", "2021-01-01", "--out", str(tmp_path / "bt")]
    )
    assert backtest.exit_code == 0, backtest.output
    table = runner.invoke(app, ["profile", "--from", str(EXAMPLE)])
    assert table.exit_code == 0
    assert "60.00%" in table.stdout
    assert "40.00%" in table.stdout
    for sentence in expected["explanation"]:
        assert sentence.split()[0] in table.stdout


def test_asked_on_the_terminal_with_bad_answers_asked_again(runner: CliRunner) -> None:
    answers = "medium\nHigh\nsoon\n0\n4\nriches\ngrowth\n"
    result = runner.invoke(app, ["profile"], input=answers)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("please answer again") == 4  # medium, soon, 0, riches
    assert "profile.risk_tolerance: must be one of 'low', 'moderate', 'high'" in result.stderr
    direct = propose(InvestorProfile(risk_tolerance="high", horizon_years=4, goal="growth"))
    share = direct.weights["SP500"]
    assert share == pytest.approx(0.4)  # growth 80% + high 20 points, capped at 10 x 4 years
    assert "Profile: risk tolerance high, horizon 4 years, goal growth" in result.stdout
    assert f"{share:.2%}" in result.stdout


def test_json_needs_a_file(runner: CliRunner) -> None:
    result = runner.invoke(app, ["profile", "--json"], input="low\n5\nincome\n")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("error: --json: give the answers with --from FILE")


def test_a_bad_file_names_the_key(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "me.toml"
    path.write_text('[profile]\nrisk_tolerance = "moderate"\nhorizon_years = 15\n')
    result = runner.invoke(app, ["profile", "--from", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: me.toml: profile.goal: missing")

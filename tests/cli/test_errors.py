"""Every bad input: exit code 1, one line on stderr naming the key / asset / file, no traceback,
nothing written to --out. Bugs exit 2 with 'internal error'; usage errors keep click's message
and exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import algofolio.workflows
from algofolio.cli import app

GOOD = """
[data]
prices = "dataset:factors"
[[strategies]]
name = "Fixed"
allocator = { kind = "fixed", weights = { MTUM = 0.5, USMV = 0.5 } }
rebalance = { kind = "calendar", frequency = "monthly" }
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "200"})


def _fails(runner: CliRunner, args: list[str], *expected: str, code: int = 1) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for text in expected:
        assert text in lines[0]
    return lines[0]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('"dataset:factors"', '"dataset:nasdaq"', ["data.prices: unknown dataset 'nasdaq'"]),
        (
            '"dataset:factors"',
            '"missing.csv"',
            ["data.prices: price file not found:", "missing.csv"],
        ),
        (
            '[[strategies]]\nname = "Fixed"',
            '[[strategies]\nname = "Fixed"',
            ["bad.toml: invalid TOML", "line 4"],
        ),
        ("[data]\n", "[data]\nbenchmrk = 'x'\n", ["bad.toml: data.benchmrk: unknown key"]),
        (
            'name = "Fixed"',
            "name = 3",
            ["bad.toml: strategies[0].name: input should be a valid string"],
        ),
        (
            '"monthly"',
            '"montly"',
            ["bad.toml: strategies[0].rebalance.frequency: 'montly' is not one of"],
        ),
        (
            "USMV = 0.5",
            "USMV = 0.6",
            ["bad.toml: strategies[0].allocator.weights: weights sum to 1.1 > 1"],
        ),
        (
            "USMV = 0.5",
            "ACME = 0.5",
            ["strategies[0].allocator.weights.ACME: asset 'ACME' is not in the prices"],
        ),
    ],
)
def test_bad_config(
    runner: CliRunner, tmp_path: Path, old: str, new: str, expected: list[str]
) -> None:
    assert old in GOOD
    config = tmp_path / "bad.toml"
    config.write_text(GOOD.replace(old, new), encoding="utf-8")
    out = tmp_path / "out"
    line = _fails(runner, ["backtest", str(config), "--out", str(out)], *expected)
    assert line.startswith("error: ")
    assert not out.exists()


def test_missing_config_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _fails(runner, ["backtest", str(tmp_path / "nope.toml"), "--out", str(out)], "nope.toml")
    assert not out.exists()


def test_unknown_dataset_in_metrics(runner: CliRunner) -> None:
    _fails(runner, ["metrics", "dataset:nasdaq"], "error: unknown dataset 'nasdaq'")


def test_missing_price_file_in_metrics(runner: CliRunner, tmp_path: Path) -> None:
    _fails(runner, ["metrics", str(tmp_path / "p.csv")], "price file not found", "p.csv")


@pytest.fixture
def account(tmp_path: Path) -> list[str]:
    (tmp_path / "h.csv").write_text("asset,shares\nVTI,30\nBND,30\n", encoding="utf-8")
    (tmp_path / "t.toml").write_text("[targets]\nVTI = 0.6\nBND = 0.4\n", encoding="utf-8")
    (tmp_path / "p.csv").write_text(
        "date,VTI,BND\n2024-05-30,249,71\n2024-05-31,250,72\n", encoding="utf-8"
    )
    return [
        "rebalance",
        "--holdings",
        str(tmp_path / "h.csv"),
        "--targets",
        str(tmp_path / "t.toml"),
        "--prices",
        str(tmp_path / "p.csv"),
    ]


def test_holdings_with_negative_shares(runner: CliRunner, account: list[str]) -> None:
    Path(account[2]).write_text("asset,shares\nVTI,30\nBND,-5\n", encoding="utf-8")
    _fails(runner, account, "BND", "h.csv")


def test_targets_with_a_non_numeric_weight(runner: CliRunner, account: list[str]) -> None:
    Path(account[4]).write_text('[targets]\nVTI = 0.6\nBND = "0.4"\n', encoding="utf-8")
    _fails(runner, account, "t.toml: targets.BND: input should be a valid number")


def test_asset_without_todays_price(runner: CliRunner, account: list[str]) -> None:
    Path(account[4]).write_text("[targets]\nVTI = 0.6\nGLD = 0.4\n", encoding="utf-8")
    _fails(runner, account, "no price on 2024-05-31", "'GLD'")


def test_bad_threshold_value(runner: CliRunner, account: list[str]) -> None:
    _fails(runner, [*account, "--threshold", "1.5"], "threshold")


def test_unexpected_exception_is_an_internal_error(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(algofolio.workflows, "compute_metrics", broken)
    _fails(
        runner,
        ["metrics", "dataset:factors"],
        "internal error: RuntimeError: boom second line",
        code=2,
    )


def test_usage_errors_exit_1_with_clicks_message(runner: CliRunner) -> None:
    result = runner.invoke(app, ["metrics"])
    assert result.exit_code == 1
    assert "Missing argument 'PRICES'" in result.stderr
    result = runner.invoke(app, ["rebalance", "--holdings", "h.csv"])
    assert result.exit_code == 1
    assert "Missing option" in result.stderr


def test_out_that_is_a_file_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    config = tmp_path / "good.toml"
    config.write_text(GOOD, encoding="utf-8")
    blocker = tmp_path / "out"
    blocker.write_text("not a folder", encoding="utf-8")
    result = runner.invoke(app, ["backtest", str(config), "--out", str(blocker)])
    assert result.exit_code == 1  # click validates --out (file_okay=False): a usage error
    assert "'--out'" in result.stderr
    assert blocker.read_text(encoding="utf-8") == "not a folder"

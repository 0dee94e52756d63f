"""``algofolio optimize`` and ``algofolio frontier`` through click's runner on the bundled data: the
JSON equals the optimiser called directly, the tables show its numbers, the files are written,
bad input is one line on stderr with exit code 1."""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from algofolio.allocate import whole_shares
from algofolio.cli import app
from algofolio.core.distribution import ReturnDistribution
from algofolio.datasets import load_sp500_prices
from algofolio.estimators import EmpiricalPrior
from algofolio.optimize import EfficientRisk, MaxSharpe, MinVariance, optimize_portfolio
from algofolio.returns import simple_returns
from algofolio.workflows.constraints_file import load_constraints
from algofolio.workflows.optimization import METHODS

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def distribution() -> ReturnDistribution:
    dist: ReturnDistribution = (
        EmpiricalPrior().fit(simple_returns(load_sp500_prices())).distribution_
    )
    return dist


def _ok(runner: CliRunner, args: list[str]) -> Any:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return json.loads(result.stdout) if "--json" in args else result.stdout


def _fails(runner: CliRunner, args: list[str], *expected: str) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    for text in expected:
        assert text in lines[0]
    return lines[0]


def test_max_sharpe_json_is_the_optimiser(
    runner: CliRunner, distribution: ReturnDistribution
) -> None:
    args = ["optimize", "dataset:sp500", "--objective", "max-sharpe", "--risk-free", "0.02"]
    payload = _ok(runner, [*args, "--json"])
    direct = optimize_portfolio(distribution, MaxSharpe(risk_free_rate=0.02))
    assert payload["objective"] == "max-sharpe"
    assert payload["parameters"] == {"risk_free_rate": 0.02}
    assert payload["weights"] == direct.weights.to_dict()
    assert payload["expected_return"] == direct.expected_return
    assert payload["volatility"] == direct.volatility
    assert payload["sharpe"] == direct.sharpe
    assert payload["risk_free_rate"] == 0.02
    assert payload["solver"] == direct.solver
    assert payload["shares"] is None
    assert payload["constraints"] is None


def test_the_table_shows_the_optimiser_numbers(
    runner: CliRunner, distribution: ReturnDistribution
) -> None:
    out = _ok(runner, ["optimize", "dataset:sp500", "--objective", "min-variance"])
    direct = optimize_portfolio(distribution, MinVariance())
    held = direct.weights[direct.weights >= 1e-6].sort_values(ascending=False)
    zero = direct.weights[direct.weights < 1e-6]
    assert len(zero) > 0
    positions = [out.index(f" {asset} ") for asset in held.index]
    assert positions == sorted(positions)  # largest weight first
    for asset, weight in held.items():
        assert f"{weight:.2%}" in out.split(f" {asset} ", 1)[1].splitlines()[0]
    for asset in zero.index:
        assert f" {asset} " not in out
    assert f"{len(zero)} assets at 0% not shown" in out
    assert f"{direct.expected_return:.2%}" in out
    assert f"{direct.volatility:.2%}" in out
    assert direct.solver in out
    every = _ok(runner, ["optimize", "dataset:sp500", "--objective", "min-variance", "--all"])
    for asset in zero.index:
        assert f" {asset} " in every


def test_constraints_file_and_whole_shares(
    runner: CliRunner, distribution: ReturnDistribution
) -> None:
    constraints = EXAMPLES / "constraints.toml"
    args = ["optimize", "dataset:sp500", "--objective", "efficient-risk"]
    args += ["--target-volatility", "0.18", "--constraints", str(constraints)]
    args += ["--capital", "100000", "--json"]
    payload = _ok(runner, args)
    built = load_constraints(constraints, list(distribution.assets))
    direct = optimize_portfolio(distribution, EfficientRisk(target_volatility=0.18), built)
    assert payload["weights"] == direct.weights.to_dict()
    assert payload["constraints"] == [c.describe() for c in built]
    prices = load_sp500_prices()
    shares = whole_shares(direct.weights, prices.iloc[-1], 100_000.0)
    got = {row["asset"]: row for row in payload["shares"]["assets"]}
    held = shares.shares[shares.shares > 0]
    assert {a: got[a]["shares"] for a in held.index} == held.astype(float).to_dict()
    assert payload["shares"]["date"] == "2022-12-28"
    assert payload["shares"]["leftover"] == pytest.approx(shares.leftover)
    table = _ok(runner, args[:-1])
    assert "Whole shares at the prices of 2022-12-28" in table
    assert f"leftover cash {shares.leftover:,.2f}" in table


def test_holdings_give_the_capital_and_the_trades(runner: CliRunner) -> None:
    holdings = EXAMPLES / "holdings.csv"
    args = ["optimize", "dataset:sp500", "--objective", "inverse-volatility"]
    payload = _ok(runner, [*args, "--holdings", str(holdings), "--json"])
    # the example account is worth 62,357.54 at the 2022-12-28 close (see tests/cli/test_main.py)
    assert payload["shares"]["capital"] == pytest.approx(62_357.54, abs=0.01)
    rows = {row["asset"]: row for row in payload["shares"]["assets"]}
    assert rows["KO"]["current_shares"] == 150
    assert rows["KO"]["trade_shares"] == rows["KO"]["shares"] - 150
    assert payload["solver"] == "closed form"


def test_help_lists_every_objective_and_an_example(runner: CliRunner) -> None:
    result = runner.invoke(app, ["optimize", "--help"])
    assert result.exit_code == 0
    flat = "".join(result.stdout.split())  # click wraps long lines, even at hyphens
    for method in METHODS:
        assert method.name in flat
    assert "algofolio optimize dataset:sp500 --objective max-sharpe" in result.stdout
    frontier = runner.invoke(app, ["frontier", "--help"])
    assert frontier.exit_code == 0
    assert "algofolio frontier dataset:sp500" in frontier.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--objective", "max-sharp"], ["error: objective: unknown 'max-sharp'", "'max-sharpe'"]),
        (
            ["--objective", "min-variance", "--risk-free", "0.02"],
            ["'min-variance' does not use --risk-free"],
        ),
        (["--objective", "efficient-return"], ["'efficient-return' needs --target-return"]),
        (
            ["--objective", "efficient-return", "--target-return", "5.0"],
            ["target return 500% a year is above the maximum"],
        ),
        (["--objective", "min-variance", "--covariance", "shrunk"], ["covariance: 'shrunk'"]),
        (
            ["--objective", "equal-weight", "--constraints", str(EXAMPLES / "constraints.toml")],
            ["takes no constraints file"],
        ),
    ],
)
def test_bad_options_fail_in_one_line(
    runner: CliRunner, args: list[str], expected: list[str]
) -> None:
    _fails(runner, ["optimize", "dataset:sp500", *args], *expected)


def test_bad_constraints_file_names_the_key(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "limits.toml"
    path.write_text("[bounds]\nupper = { APPL = 0.1 }\n", encoding="utf-8")
    args = ["optimize", "dataset:sp500", "--objective", "min-variance", "--constraints", str(path)]
    _fails(runner, args, "limits.toml: bounds.upper.APPL: 'APPL' is not an asset")
    path.write_text("[groups]\nmembers = { Tech = ['AAPL'] }\nuper = 0.2\n", encoding="utf-8")
    _fails(runner, args, "limits.toml: groups.uper: unknown key")
    path.write_text("[bounds]\nlower = 0.2\n", encoding="utf-8")
    _fails(runner, args, "the lower bounds sum to 400%")


def test_unknown_dataset_and_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    _fails(runner, ["optimize", "dataset:nasdaq", "--objective", "min-variance"], "'nasdaq'")
    _fails(
        runner,
        ["optimize", str(tmp_path / "none.csv"), "--objective", "min-variance"],
        "price file not found",
    )


# --- frontier -------------------------------------------------------------------------------------


def test_frontier_writes_the_report_and_the_points(
    runner: CliRunner, tmp_path: Path, distribution: ReturnDistribution
) -> None:
    frontier_module = pytest.importorskip("algofolio.optimize.frontier")
    out = tmp_path / "out"
    args = ["frontier", "dataset:sp500", "--points", "12", "--random", "500"]
    payload = _ok(runner, [*args, "--risk-free", "0.02", "--out", str(out), "--json"])
    direct = frontier_module.efficient_frontier(distribution, 12, risk_free_rate=0.02)
    got = pd.DataFrame(payload["points"]).set_index("point")
    np.testing.assert_allclose(got.to_numpy(), direct.points.to_numpy(), rtol=1e-12)
    assert payload["max_sharpe"]["weights"] == direct.max_sharpe.weights.to_dict()
    assert payload["min_volatility"]["weights"] == direct.min_volatility.weights.to_dict()
    assert payload["random"] == 500
    html = (out / "frontier.html").read_text(encoding="utf-8")
    assert '<div class="figure" id="frontier">' in html
    assert 'src="https://cdn.plot.ly' not in html  # plotly.js is inlined, not fetched
    packed = html.split('id="plotly-js" data-encoding="gzip+base64">')[1].split("</script>")[0]
    assert "* plotly.js v" in gzip.decompress(base64.b64decode(packed)).decode("utf-8")
    assert "<script src=" not in html
    table = pd.read_csv(out / "frontier.csv", index_col=0)
    assert len(table) == 12
    np.testing.assert_allclose(
        table[list(distribution.assets)].to_numpy(), direct.weights.to_numpy(), rtol=1e-12
    )
    text = _ok(runner, [*args, "--out", str(out)])
    assert f"wrote {out / 'frontier.html'}" in text
    assert "Max Sharpe" in text


def test_frontier_with_a_bad_constraints_file(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("[budget]\ntotl = 1.0\n", encoding="utf-8")
    _fails(
        runner,
        ["frontier", "dataset:sp500", "--constraints", str(path), "--out", str(tmp_path / "o")],
        "c.toml: budget.totl: unknown key",
    )
    assert not (tmp_path / "o").exists()


def test_frontier_with_bounds_from_a_file(
    runner: CliRunner, tmp_path: Path, distribution: ReturnDistribution
) -> None:
    frontier_module = pytest.importorskip("algofolio.optimize.frontier")
    path = tmp_path / "caps.toml"
    path.write_text("[bounds]\nupper = 0.12\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["frontier", "dataset:sp500", "--points", "6", "--random", "0"]
    payload = _ok(runner, [*args, "--constraints", str(path), "--out", str(out), "--json"])
    built = load_constraints(path, list(distribution.assets))
    direct = frontier_module.efficient_frontier(distribution, 6, constraints=built)
    assert payload["max_sharpe"]["weights"] == direct.max_sharpe.weights.to_dict()
    assert max(payload["max_sharpe"]["weights"].values()) <= 0.12 + 1e-12
    assert payload["random"] == 0
    html = (out / "frontier.html").read_text(encoding="utf-8")
    assert "bounds 0% &lt;= w &lt;= 12%" in html  # the constraints are listed in the page


def test_frontier_refuses_constraints_the_exact_frontier_cannot_take(
    runner: CliRunner, tmp_path: Path
) -> None:
    pytest.importorskip("algofolio.optimize.frontier")
    args = ["frontier", "dataset:sp500", "--constraints", str(EXAMPLES / "constraints.toml")]
    _fails(runner, [*args, "--out", str(tmp_path / "o")], "error: ")
    assert not (tmp_path / "o").exists()

"""The CLI through click's runner: JSON equals the workflows' results, tables show their numbers."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import algofolio.workflows
from algofolio import __version__
from algofolio.cli import app
from algofolio.workflows import (
    Comparison,
    compute_metrics,
    load_backtest_config,
    rebalance_account,
    run_config,
)
from tests.workflows._demo import demo_comparison

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "demo.toml"

SMALL_CONFIG = """
[data]
prices = "prices.csv"
benchmark = "index.csv"
[backtest]
initial_value = 10_000
window = 60
costs_bps = 5
[[strategies]]
name = "Equal"
allocator = { kind = "equal_weight" }
rebalance = { kind = "calendar", frequency = "quarterly" }
[[strategies]]
name = "Fixed"
allocator = { kind = "fixed", weights = { MTUM = 0.5, USMV = 0.4 } }
rebalance = { kind = "threshold", threshold = 0.05 }
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "200"})  # rich tables at full width


def _json(stdout: str) -> Any:
    return json.loads(stdout)


def _same(payload: dict[str, dict[str, float | None]], table: pd.DataFrame) -> None:
    assert list(payload) == [str(c) for c in table.columns]
    for column, values in payload.items():
        assert list(values) == list(table.index)
        for label, value in values.items():
            expected = float(table.at[label, column])
            if math.isnan(expected):
                assert value is None
            else:
                assert value == pytest.approx(expected, rel=1e-12)


@pytest.fixture
def small_config(tmp_path: Path) -> Path:
    from algofolio.datasets import load_factor_prices, load_sp500_index

    prices = load_factor_prices()
    prices.iloc[-500:].to_csv(tmp_path / "prices.csv")
    load_sp500_index().loc[prices.index[-500] :].to_csv(tmp_path / "index.csv")
    path = tmp_path / "small.toml"
    path.write_text(SMALL_CONFIG, encoding="utf-8")
    return path


def test_demo_json_is_the_demo(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo = demo_comparison()
    monkeypatch.setattr(
        algofolio.workflows, "run_demo", lambda **_: demo
    )  # reuse the session's run
    out = tmp_path / "out"
    result = runner.invoke(app, ["demo", "--json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    payload = _json(result.stdout)
    _same(payload["summary"], demo.summary)
    assert payload["start"] == "1990-12-31"
    assert payload["end"] == "2022-12-28"
    assert payload["initial_value"] == 1_000_000
    assert [s["name"] for s in payload["strategies"]] == [
        "Strategic 60/30/10",
        "Inverse volatility",
    ]
    first = payload["strategies"][0]
    assert first["final_value"] == pytest.approx(float(demo.results[0].nav.iloc[-1]))
    assert first["rebalances"] == len(demo.results[0].rebalances)
    assert payload["benchmark"]["name"] == "SP500"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["report.html", "summary.csv", "nav.csv", "trades.csv"]
    )
    assert payload["files"]["report"] == str(out / "report.html")


def test_demo_without_report_writes_only_the_tables(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo = demo_comparison()
    monkeypatch.setattr(algofolio.workflows, "run_demo", lambda **_: demo)
    result = runner.invoke(app, ["demo", "--no-report", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nav.csv", "summary.csv", "trades.csv"]
    assert "Strategic 60/30/10" in result.stdout
    cagr = demo.summary.at["CAGR", "Strategic 60/30/10"]
    assert f"{cagr:.2%}" in result.stdout
    nav = pd.read_csv(tmp_path / "nav.csv", index_col="date", parse_dates=True)
    np.testing.assert_allclose(nav["Strategic 60/30/10"], demo.results[0].nav, rtol=1e-12)
    assert demo.benchmark is not None
    np.testing.assert_allclose(nav["SP500"], demo.benchmark, rtol=1e-12)


def test_backtest_of_the_example_file_equals_run_demo(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["backtest", str(EXAMPLE), "--json", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    demo = demo_comparison()
    payload = _json(result.stdout)
    _same(payload["summary"], demo.summary)
    nav = pd.read_csv(tmp_path / "nav.csv", index_col="date", parse_dates=True)
    for strategy in demo.results:
        np.testing.assert_allclose(nav[strategy.name], strategy.nav, rtol=1e-12)
    trades = pd.read_csv(tmp_path / "trades.csv")
    assert len(trades) == sum(len(r.trades) for r in demo.results)


def test_backtest_files_hold_the_results(
    runner: CliRunner, small_config: Path, tmp_path: Path
) -> None:
    out = tmp_path / "results"
    result = runner.invoke(app, ["backtest", str(small_config), "--out", str(out)])
    assert result.exit_code == 0, result.output
    comparison: Comparison = run_config(load_backtest_config(small_config))
    summary = pd.read_csv(out / "summary.csv", index_col="metric")
    np.testing.assert_allclose(summary.to_numpy(), comparison.summary.to_numpy(), rtol=1e-12)
    trades = pd.read_csv(out / "trades.csv", parse_dates=["date"])
    fixed = comparison.results[1].trades.reset_index(drop=True)
    got = trades[trades["strategy"] == "Fixed"].drop(columns="strategy").reset_index(drop=True)
    np.testing.assert_allclose(got["shares"], fixed["shares"], rtol=1e-12)
    assert list(got["asset"]) == list(fixed["asset"])
    assert f"wrote {out / 'report.html'}" in result.stdout


def test_backtest_default_out_is_named_after_the_config(
    runner: CliRunner, small_config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(small_config.parent)
    result = runner.invoke(app, ["backtest", "small.toml", "--json"])
    assert result.exit_code == 0, result.output
    assert (small_config.parent / "algofolio-small" / "report.html").is_file()


def test_metrics_json_and_table(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["metrics", "dataset:factors", "--risk-free", "0.01", "--confidence", "0.99", "--json"]
    )
    assert result.exit_code == 0, result.output
    expected = compute_metrics("dataset:factors", risk_free_rate=0.01, confidence=0.99)
    _same(_json(result.stdout)["summary"], expected)
    table = runner.invoke(app, ["metrics", "dataset:factors", "--confidence", "0.99"])
    assert table.exit_code == 0
    assert "VaR 99% (historical)" in table.stdout
    var = compute_metrics("dataset:factors", confidence=0.99).at["VaR 99% (historical)", "MTUM"]
    assert f"{var:.2%}" in table.stdout


def test_metrics_with_benchmark(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["metrics", "dataset:factors", "--benchmark", "dataset:sp500_index", "--json"]
    )
    assert result.exit_code == 0, result.output
    summary = _json(result.stdout)["summary"]
    assert list(summary) == ["MTUM", "QUAL", "SIZE", "USMV", "VLUE", "SP500"]
    assert summary["SP500"]["Beta"] is None


def test_rebalance_json_and_table(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "h.csv").write_text("asset,shares\nVTI,30\nBND,30\nCASH,1000\n", encoding="utf-8")
    (tmp_path / "t.toml").write_text("[targets]\nVTI = 0.6\nBND = 0.4\n", encoding="utf-8")
    (tmp_path / "p.csv").write_text(
        "date,VTI,BND\n2024-05-30,1,1\n2024-05-31,250,72\n", encoding="utf-8"
    )
    args = ["rebalance", "--holdings", str(tmp_path / "h.csv"), "--targets"]
    args += [str(tmp_path / "t.toml"), "--prices", str(tmp_path / "p.csv"), "--cost-bps", "5"]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    payload = _json(result.stdout)
    plan = rebalance_account(
        tmp_path / "h.csv", tmp_path / "t.toml", tmp_path / "p.csv", cost_bps=5
    )
    assert payload["date"] == "2024-05-31"
    assert payload["cash_after"] == pytest.approx(plan.cash_after)
    assert [t["asset"] for t in payload["trades"]] == ["VTI", "BND"]
    assert [t["trade_shares"] for t in payload["trades"]] == plan.trades["trade_shares"].tolist()
    table = runner.invoke(app, args)
    assert table.exit_code == 0
    assert "Trade plan for 2024-05-31" in table.stdout
    assert "VTI" in table.stdout


def test_rebalance_of_the_example_account(runner: CliRunner) -> None:
    examples = EXAMPLE.parent
    args = ["rebalance", "--holdings", str(examples / "holdings.csv"), "--targets"]
    args += [str(examples / "targets.toml"), "--prices", "dataset:sp500", "--json"]
    result = runner.invoke(app, [*args, "--threshold", "0.05"])
    assert result.exit_code == 0, result.output
    payload = _json(result.stdout)
    assert payload["date"] == "2022-12-28"
    assert not payload["needs_trading"]  # XOM, the largest drift, is 3.2% from its target
    assert payload["max_drift_asset"] == "XOM"
    # 10,445.10 JNJ + 9,391.35 KO + 10,439.31 PG + 14,006.04 MSFT + 11,310.66 AAPL
    # + 4,265.08 XOM (40 * 106.627) + 2,500 cash = 62,357.54 at the 2022-12-28 close
    assert payload["max_drift"] == pytest.approx(0.10 - 40 * 106.627 / 62357.54, abs=1e-6)
    result = runner.invoke(app, [*args, "--threshold", "0.03"])
    assert _json(result.stdout)["needs_trading"]


@pytest.mark.parametrize("command", ["demo", "backtest", "metrics", "rebalance"])
def test_help_has_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert f"  algofolio {command} " in result.stdout


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"algofolio {__version__}"


def test_hostile_names_end_to_end(runner: CliRunner, tmp_path: Path) -> None:
    evil = "<script>alert(1)</script>"
    from algofolio.datasets import load_factor_prices

    prices = load_factor_prices().iloc[:300].rename(columns={"MTUM": evil})
    prices.to_csv(tmp_path / "prices.csv")
    config = tmp_path / "evil.toml"
    config.write_text(
        '[data]\nprices = "prices.csv"\n[[strategies]]\nname = "[bold]</script>"\n'
        'allocator = { kind = "equal_weight" }\n'
        'rebalance = { kind = "calendar", frequency = "monthly" }\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["backtest", str(config), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "[bold]</script>" in result.stdout  # rich printed the name, not its markup
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert evil not in html
    assert "[bold]</script>" not in html
    assert html.count("<script") == html.count("</script>")  # no script opened by a name
    ours = html.count("data-figure=") + html.count('id="plotly-js"') + html.count("<script>")
    assert html.count("<script") == ours  # the figure specs, plotly.js and the drawing script

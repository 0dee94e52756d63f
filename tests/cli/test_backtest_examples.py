"""``algofolio backtest`` on the example configs (cut to a few years): exit code, files, JSON; a bad
config exits 1 with the file and key on stderr."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from algofolio.cli import app
from algofolio.workflows import load_backtest_config, run_config

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "200"})


def _shortened(name: str, folder: Path, start: str, end: str) -> Path:
    """The example with its [data] start and end replaced (a short, fast run)."""
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    text, starts = re.subn(r'(?m)^start = ".*"', f'start = "{start}"', text)
    text, ends = re.subn(r'(?m)^end = ".*"', f'end = "{end}"', text)
    assert starts == ends == 1
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_rules_example_writes_the_trading_files(runner: CliRunner, tmp_path: Path) -> None:
    config = _shortened("backtest_rules.toml", tmp_path, "2021-06-01", "2022-06-30")
    out = tmp_path / "out"
    result = runner.invoke(app, ["backtest", str(config), "--json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    expected = {
        "report.html", "summary.csv", "nav.csv", "trades.csv", "trading.csv", "rebalances.csv",
    }  # fmt: skip
    assert {p.name for p in out.iterdir()} == expected
    assert payload["evaluation"] is None
    comparison = run_config(load_backtest_config(config))
    assert comparison.trading is not None
    trading = pd.read_csv(out / "trading.csv", index_col="strategy")
    np.testing.assert_allclose(trading.to_numpy(), comparison.trading.to_numpy(), rtol=1e-12)
    names = [r.name for r in comparison.results]
    assert [s["name"] for s in payload["strategies"]] == names
    for item, result_ in zip(payload["strategies"], comparison.results, strict=True):
        assert item["annual_turnover"] == pytest.approx(result_.annual_turnover, rel=1e-12)
        assert item["cost_drag"] == pytest.approx(result_.cost_drag, rel=1e-12)
    # 1,000 on the first trading day of each month, July 2021 to June 2022 (the calendar
    # strategy decides on those days, so no next-open fill falls on a flow day)
    assert payload["strategies"][0]["flows"] == pytest.approx(1000.0 * 12)
    log = pd.read_csv(out / "rebalances.csv")
    assert len(log) == sum(len(r.rebalances) for r in comparison.results)
    band_edge = log[log["strategy"] == "Band edge 5% -> 2.5%"]
    assert set(band_edge["reason"]) <= {
        "initial allocation",
        "cash flow",
        "absolute drift band (any weight more than 5% from its target)",
    }
    # next-open fills: each decision fills on the next date
    first = log.iloc[0]
    assert (first["date"], first["filled"]) == ("2021-06-01", "2021-06-02")


def test_walk_forward_example_writes_the_evaluation(runner: CliRunner, tmp_path: Path) -> None:
    config = _shortened("walk_forward.toml", tmp_path, "2018-01-01", "2022-12-28")
    out = tmp_path / "out"
    result = runner.invoke(app, ["backtest", str(config), "--out", str(out)])
    assert result.exit_code == 0, result.output
    for name in ("selection", "selection_returns", "overfitting", "evaluation"):
        assert (out / f"{name}.csv").is_file()
        assert f"wrote {out / f'{name}.csv'}" in result.stdout
    assert "Evaluation" in result.stdout
    assert "Trading" in result.stdout
    comparison = run_config(load_backtest_config(config))
    assert comparison.evaluation is not None
    folds = pd.read_csv(out / "selection.csv", index_col="split")
    assert list(folds["chosen"]) == list(comparison.evaluation.selection.folds["chosen"])
    figures = pd.read_csv(out / "evaluation.csv", index_col="figure")["value"]
    assert float(figures["pbo"]) == pytest.approx(comparison.evaluation.overfitting.pbo)
    assert len(pd.read_csv(out / "overfitting.csv")) == 252  # C(10, 5)
    json_run = runner.invoke(app, ["backtest", str(config), "--json", "--out", str(out)])
    evaluation = json.loads(json_run.stdout)["evaluation"]
    assert evaluation["pbo"] == pytest.approx(comparison.evaluation.overfitting.pbo)
    assert len(evaluation["selection"]) == len(folds)


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (("max_weight = 0.2", "max_weight = 2"), "strategies[2].allocator.max_weight"),
        (('score = "sharpe"', 'score = "sharp"'), "evaluation.score"),
        (("pbo_groups = 10", "pbo_groups = 9"), "evaluation.pbo_groups"),
    ],
)
def test_a_bad_config_exits_1_naming_the_key(
    runner: CliRunner, tmp_path: Path, change: tuple[str, str], key: str
) -> None:
    text = (EXAMPLES / "walk_forward.toml").read_text(encoding="utf-8")
    assert change[0] in text
    path = tmp_path / "bad.toml"
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    result = runner.invoke(app, ["backtest", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"bad.toml: {key}: " in result.stderr
    assert not (tmp_path / "out").exists()

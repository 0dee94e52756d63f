"""``algofolio report``: a value file gives the backtest's own figures from its NAVs alone; a
config writes report.html only; --open opens it; --png writes the charts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from algofolio.cli import app
from algofolio.workflows import load_backtest_config, run_config
from tests.cli._helpers import strict_json

COMPARE = [
    "compare", "dataset:factors", "--strategy", "equal-weight", "--strategy", "inverse-volatility",
    "--window", "60", "--start", "2021-06-01", "--end", "2022-06-30", "--cost-bps", "5",
]  # fmt: skip
CONFIG = """
[data]
prices = "dataset:factors"
benchmark = "dataset:sp500_index"
start = 2022-01-01
[backtest]
window = 40
[[strategies]]
name = "Equal"
allocator = { kind = "equal_weight" }
rebalance = { kind = "calendar", frequency = "monthly" }
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "200"})


def test_a_nav_file_gives_the_backtests_summary(runner: CliRunner, tmp_path: Path) -> None:
    backtest = runner.invoke(
        app,
        [*COMPARE, "--benchmark", "dataset:sp500_index", "--out", str(tmp_path / "bt"), "--json"],
    )
    assert backtest.exit_code == 0, backtest.output
    expected = pd.DataFrame(strict_json(backtest.stdout)["summary"]).astype(float)
    nav = pd.read_csv(tmp_path / "bt" / "nav.csv", index_col="date")
    nav.drop(columns="SP500").to_csv(tmp_path / "values.csv")  # the strategies' NAVs only
    out = tmp_path / "sheet"
    args = ["report", str(tmp_path / "values.csv"), "--benchmark", "dataset:sp500_index"]
    result = runner.invoke(app, [*args, "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    payload = strict_json(result.stdout)
    assert payload["kind"] == "values"
    got = pd.DataFrame(payload["summary"]).astype(float)
    pd.testing.assert_frame_equal(got, expected, rtol=1e-9)
    assert [s["rebalances"] for s in payload["strategies"]] == [0, 0]
    assert [p.name for p in out.iterdir()] == ["report.html"]
    html = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="equity"' in html
    assert 'id="drawdown"' in html
    text = runner.invoke(app, [*args, "--out", str(out)])
    assert text.exit_code == 0
    assert f"{expected.at['CAGR', 'equal-weight']:.2%}" in text.stdout


def test_a_config_writes_the_report_only(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "one.toml"
    config.write_text(CONFIG, encoding="utf-8")
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url) or True)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["report", "one.toml", "--open", "--json"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "algofolio-report-one"
    assert [p.name for p in out.iterdir()] == ["report.html"]
    assert opened == [(out / "report.html").resolve().as_uri()]
    payload = strict_json(result.stdout)
    direct = run_config(load_backtest_config(config))
    assert payload["kind"] == "config"
    assert payload["summary"]["Equal"]["CAGR"] == pytest.approx(
        direct.summary.at["CAGR", "Equal"], rel=1e-12
    )
    later = runner.invoke(app, ["report", "one.toml", "--start", "2022-06-01", "--json"])
    assert strict_json(later.stdout)["start"] >= "2022-06-01"


def test_errors(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(tmp_path / "none.csv")])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: price file not found:")
    result = runner.invoke(app, ["report", "dataset:factors", "--benchmark", "dataset:nope"])
    assert result.exit_code == 1
    assert "--benchmark: unknown dataset 'nope'" in result.stderr
    result = runner.invoke(app, ["report", "dataset:factors", "--start", "2030-01-01"])
    assert result.exit_code == 1
    assert "fewer than two dates" in result.stderr


@pytest.mark.skipif(shutil.which("chromium") is None, reason="PNG export needs Chromium")
def test_png_writes_every_chart(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["report", "dataset:factors", "--start", "2022-06-01", "--png", "--out", str(out)]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    files = strict_json(result.stdout)["files"]
    pngs = {key: Path(path) for key, path in files.items() if key.startswith("png:")}
    assert "png:equity" in pngs
    for path in pngs.values():
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

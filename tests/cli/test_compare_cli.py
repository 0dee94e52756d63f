"""``algofolio compare``: the JSON is the backtest of the config it stands for; the CAGR agrees
with the NAV file's endpoints; errors name the option, exit 1 and write nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from algofolio.cli import app
from algofolio.workflows import run_config
from algofolio.workflows.quick_compare import compare_config
from tests.cli._helpers import strict_json

ARGS = [
    "compare", "dataset:factors", "--strategy", "equal-weight", "--strategy", "min-variance",
    "--strategy", "hrp:linkage=ward", "--rebalance", "quarterly", "--cost-bps", "10",
    "--window", "60", "--start", "2021-06-01", "--end", "2022-06-30",
    "--benchmark", "dataset:sp500_index", "--capital", "10000",
]  # fmt: skip


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "200"})


def test_json_files_and_table(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, [*ARGS, "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    payload = strict_json(result.stdout)
    direct = run_config(
        compare_config(
            "dataset:factors",
            ["equal-weight", "min-variance", "hrp:linkage=ward"],
            rebalance="quarterly",
            cost_bps=10,
            window=60,
            start=dt.date(2021, 6, 1),
            end=dt.date(2022, 6, 30),
            benchmark="dataset:sp500_index",
            initial_value=10_000,
        )
    )
    assert [s["name"] for s in payload["strategies"]] == [
        "equal-weight", "min-variance", "hrp linkage=ward",
    ]  # fmt: skip
    summary = pd.DataFrame(payload["summary"]).astype(float)
    pd.testing.assert_frame_equal(
        summary, direct.summary.rename_axis(None), rtol=1e-12, check_names=False
    )
    assert payload["strategy_specs"] == ["equal-weight", "min-variance", "hrp:linkage=ward"]
    assert payload["cost_bps"] == 10
    assert payload["window"] == 60
    assert payload["initial_value"] == 10_000
    assert {p.name for p in out.iterdir()} == {
        "report.html", "summary.csv", "nav.csv", "trades.csv", "trading.csv", "rebalances.csv",
    }  # fmt: skip
    nav = pd.read_csv(out / "nav.csv", index_col="date", parse_dates=True)
    for name in ("equal-weight", "min-variance", "hrp linkage=ward"):
        values = nav[name].dropna()
        years = (len(values) - 1) / 252  # daily dates: 252 a year
        cagr = (values.iloc[-1] / values.iloc[0]) ** (1 / years) - 1
        assert payload["summary"][name]["CAGR"] == pytest.approx(cagr, rel=1e-9)
    rebalances = pd.read_csv(out / "rebalances.csv")
    quarterly = rebalances[rebalances["reason"].str.contains("quarter")]
    assert set(pd.to_datetime(quarterly["date"]).dt.month) <= {1, 4, 7, 10}
    table = runner.invoke(app, [*ARGS, "--out", str(out)])
    assert table.exit_code == 0
    cagr = direct.summary.at["CAGR", "min-variance"]
    assert f"{cagr:.2%}" in table.stdout
    assert "Trading" in table.stdout
    np.testing.assert_allclose(nav["SP500"].dropna().iloc[0], 10_000)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (["--strategy", "foo"], "error: --strategy: unknown 'foo'; choose from 'min-variance'"),
        (["--strategy", "efficient-risk"], "--strategy 'efficient-risk': target_volatility"),
        (["--rebalance", "montly"], "error: --rebalance: 'montly' is not one of"),
        (["--window", "5000"], "error: --window: no date on or after 2021-06-01 has 5000 returns"),
        (["--end", "2020-01-01"], "error: --end: 2020-01-01 is not after start 2021-06-01"),
        (["--benchmark", "dataset:nasdaq"], "error: --benchmark: unknown dataset 'nasdaq'"),
        (["--risk-free", "-3"], "error: --risk-free: "),
    ],
)
def test_errors_name_the_option(
    runner: CliRunner, tmp_path: Path, change: list[str], expected: str
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, [*ARGS, *change, "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [result.stderr.strip()]  # one line
    assert expected in result.stderr
    assert not out.exists()


def test_unknown_prices_name_the_argument(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["compare", "dataset:nasdaq", "--strategy", "hrp", "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("error: PRICES: unknown dataset 'nasdaq'")

"""``algofolio data``: list against the bundled files, show against pandas on the raw CSV,
validate's exit codes, export read back equal."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from algofolio.cli import app
from algofolio.data import read_prices
from algofolio.datasets import DATASETS, load_dataset, load_factor_prices
from tests.cli._helpers import strict_json

GAPPY = (
    "date,AAA,BBB,CCC\n"
    "2024-01-02,,10,5\n"
    "2024-01-03,,11,NA\n"
    "2024-01-04,2.5,,6\n"
    "2024-01-05,2.6,12,7\n"
    "2024-01-08,2.7,13,\n"
)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "200"})


def test_list(runner: CliRunner) -> None:
    result = runner.invoke(app, ["data", "list", "--json"])
    assert result.exit_code == 0, result.output
    items = strict_json(result.stdout)["datasets"]
    assert [item["name"] for item in items] == list(DATASETS)
    for item in items:
        prices = load_dataset(item["name"])
        assert item["assets"] == list(prices.columns)
        assert item["n_assets"] == prices.shape[1]
        assert item["dates"] == len(prices)
        assert item["first"] == f"{prices.index[0]:%Y-%m-%d}"
        assert item["last"] == f"{prices.index[-1]:%Y-%m-%d}"
        assert item["source_spec"] == f"dataset:{item['name']}"
        assert item["licence"] == "BSD-3-Clause"
    table = runner.invoke(app, ["data", "list"])
    assert table.exit_code == 0
    assert "riskfolio-lib 7.4.0" in table.stdout
    assert "8,313" in table.stdout


def test_show_counts_missing_values_like_pandas(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "gappy.csv"
    path.write_text(GAPPY, encoding="utf-8")
    raw = pd.read_csv(path, index_col="date")  # pandas reads empty cells and NA as NaN
    result = runner.invoke(app, ["data", "show", str(path), "--json"])
    assert result.exit_code == 0, result.output
    payload = strict_json(result.stdout)
    assert {a["asset"]: a["missing"] for a in payload["assets"]} == raw.isna().sum().to_dict()
    assert payload["dates"] == 5
    assert payload["n_assets"] == 3
    by_asset = {a["asset"]: a for a in payload["assets"]}
    assert by_asset["AAA"]["first"] == "2024-01-04"
    assert by_asset["CCC"]["last"] == "2024-01-05"
    assert by_asset["CCC"]["last_price"] == 7.0
    assert by_asset["BBB"]["first_price"] == 10.0
    table = runner.invoke(app, ["data", "show", str(path)])
    assert table.exit_code == 0
    assert "3 assets, 5 dates from 2024-01-02 to 2024-01-08" in table.stdout


def test_show_a_period_of_a_dataset(runner: CliRunner) -> None:
    args = ["data", "show", "dataset:factors", "--start", "2022-01-01", "--end", "2022-03-31"]
    payload = strict_json(runner.invoke(app, [*args, "--json"]).stdout)
    prices = load_factor_prices().loc["2022-01-01":"2022-03-31"]
    assert payload["dates"] == len(prices)
    assert [a["last_price"] for a in payload["assets"]] == prices.iloc[-1].tolist()


def test_validate(runner: CliRunner, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text(GAPPY, encoding="utf-8")
    result = runner.invoke(app, ["data", "validate", str(good)])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"OK {good}: 3 assets, 5 dates")
    assert "5 missing values" in result.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text(GAPPY.replace("2.6", "-2.6"), encoding="utf-8")
    result = runner.invoke(app, ["data", "validate", str(bad)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")
    assert "'AAA'" in result.stderr
    assert "2024-01-05" in result.stderr
    as_json = runner.invoke(app, ["data", "validate", str(bad), "--json"])
    assert as_json.exit_code == 1
    payload = strict_json(as_json.stdout)
    assert payload["valid"] is False
    assert "'AAA'" in payload["error"]
    unsorted = tmp_path / "unsorted.csv"
    unsorted.write_text("date,A\n2024-01-03,1\n2024-01-02,2\n", encoding="utf-8")
    assert runner.invoke(app, ["data", "validate", str(unsorted)]).exit_code == 1


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_export_reads_back_equal(runner: CliRunner, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"factors{suffix}"
    args = ["data", "export", "dataset:factors", str(out), "--start", "2022-01-01", "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert strict_json(result.stdout)["file"] == str(out)
    expected = load_factor_prices().loc["2022-01-01":]
    back = read_prices(out)
    np.testing.assert_array_equal(back.to_numpy(), expected.to_numpy())
    assert back.index.equals(expected.index)
    if suffix == ".csv":
        assert out.read_text(encoding="utf-8").splitlines()[0] == "date,MTUM,QUAL,SIZE,USMV,VLUE"


def test_export_refuses_an_unknown_format(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["data", "export", "dataset:factors", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: OUT: 'x.xlsx' has no .csv or .parquet suffix")
    assert not (tmp_path / "x.xlsx").exists()

"""``algofolio metrics --start/--end``: the metrics of the prices between the two dates only."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from algofolio.cli import app

FACTORS = Path(__file__).resolve().parents[2] / "src/algofolio/datasets/data/factor_prices.csv.gz"


def test_the_dates_cut_the_prices_before_the_metrics() -> None:
    result = CliRunner().invoke(
        app,
        ["metrics", "dataset:factors", "--start", "2022-01-01", "--end", "2022-06-30", "--json"],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert (payload["start"], payload["end"]) == ("2022-01-01", "2022-06-30")
    with gzip.open(FACTORS, "rt") as raw:
        prices = pd.read_csv(raw, index_col=0, parse_dates=True).loc["2022-01-01":"2022-06-30"]
    for asset in prices.columns:
        first, last = prices[asset].iloc[0], prices[asset].iloc[-1]
        assert payload["summary"][asset]["Total return"] == pytest.approx(
            last / first - 1, rel=1e-12
        )
        drawdown = 1 - (prices[asset] / prices[asset].cummax()).min()
        assert payload["summary"][asset]["Max drawdown"] == pytest.approx(drawdown, rel=1e-12)


def test_an_empty_range_names_the_options() -> None:
    result = CliRunner().invoke(
        app, ["metrics", "dataset:factors", "--start", "2030-01-01", "--json"]
    )
    assert result.exit_code == 1
    assert "--start/--end" in result.stderr

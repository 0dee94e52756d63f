"""Dataset facts against the bundled files read by pandas; price overviews against hand counts;
exports read back equal."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from algofolio.core.errors import ConfigError, DataError
from algofolio.data import read_prices
from algofolio.datasets import DATASETS
from algofolio.workflows.datasets_info import (
    DATASET_ORIGINS,
    cut_dates,
    dataset_infos,
    describe_prices,
    export_prices,
)

ROOT = Path(__file__).resolve().parents[2]
FILES = {
    "sp500": "sp500_prices.csv.gz",
    "sp500_index": "sp500_index.csv.gz",
    "factors": "factor_prices.csv.gz",
    "riskfolio": "riskfolio_prices.csv.gz",
}


def test_infos_match_the_raw_files() -> None:
    infos = {info.name: info for info in dataset_infos()}
    assert list(infos) == list(DATASETS) == list(FILES)
    for name, filename in FILES.items():
        resource = resources.files("algofolio.datasets").joinpath("data", filename)
        with resources.as_file(resource) as path:
            raw = pd.read_csv(path, index_col=0)
        info = infos[name]
        assert info.assets == tuple(raw.columns)
        assert info.dates == len(raw)
        assert (f"{info.first:%Y-%m-%d}", f"{info.last:%Y-%m-%d}") == (raw.index[0], raw.index[-1])
        assert (ROOT / info.notice).is_file()  # the notice the licence refers to exists
        assert info.licence == "BSD-3-Clause"
    assert set(DATASET_ORIGINS) == set(DATASETS)  # a new dataset needs its origin here


def test_describe_counts_missing_cells_like_pandas(tmp_path: Path) -> None:
    text = "date,A,B,C\n2024-01-02,,10,5\n2024-01-03,,11,\n2024-01-04,2.5,,6\n2024-01-05,2.6,12,7\n"
    (tmp_path / "p.csv").write_text(text, encoding="utf-8")
    raw = pd.read_csv(tmp_path / "p.csv", index_col="date")
    described = describe_prices(read_prices(tmp_path / "p.csv"))
    assert described["missing"].to_dict() == raw.isna().sum().to_dict() == {"A": 2, "B": 1, "C": 1}
    assert described.loc["A", "first"] == pd.Timestamp("2024-01-04")
    assert described["first_price"].tolist() == [2.5, 10.0, 5.0]
    assert described["last_price"].tolist() == [2.6, 12.0, 7.0]


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_export_reads_back_equal(tmp_path: Path, suffix: str) -> None:
    from algofolio.datasets import load_riskfolio_prices

    original = load_riskfolio_prices().iloc[:50]
    original.iloc[3, 2] = np.nan
    path = export_prices(original, tmp_path / "sub" / f"out{suffix}")
    back = read_prices(path)
    pd.testing.assert_frame_equal(back, original, check_freq=False, check_index_type=False)
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no partial file left


def test_export_and_cut_errors(tmp_path: Path) -> None:
    prices = pd.DataFrame({"A": [1.0, 2.0]}, index=pd.bdate_range("2024-01-01", periods=2))
    with pytest.raises(ConfigError, match=r"OUT: 'p.xlsx' has no .csv or .parquet suffix"):
        export_prices(prices, tmp_path / "p.xlsx")
    with pytest.raises(ConfigError, match="--end: 2024-01-01 is not after --start 2024-01-02"):
        cut_dates(prices, dt.date(2024, 1, 2), dt.date(2024, 1, 1))
    with pytest.raises(DataError, match="--start/--end: no prices between them"):
        cut_dates(prices, dt.date(2025, 1, 1))
    assert cut_dates(prices, dt.date(2024, 1, 2)).index.tolist() == [pd.Timestamp("2024-01-02")]

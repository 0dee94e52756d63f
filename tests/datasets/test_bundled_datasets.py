"""Bundled datasets: the facts of /work/shared/data/README.md, the price contract, fresh copies."""

from collections.abc import Callable

import pandas as pd
import pytest

from algofolio.core import DataError
from algofolio.data import validate_prices
from algofolio.datasets import (
    DATASETS,
    load_dataset,
    load_factor_prices,
    load_riskfolio_prices,
    load_sp500_index,
    load_sp500_prices,
)

SP500 = [
    "AAPL",
    "AMD",
    "BAC",
    "BBY",
    "CVX",
    "GE",
    "HD",
    "JNJ",
    "JPM",
    "KO",
    "LLY",
    "MRK",
    "MSFT",
    "PEP",
    "PFE",
    "PG",
    "RRC",
    "UNH",
    "WMT",
    "XOM",
]
RISKFOLIO = ["AMZN", "APA", "CMCSA", "CPB", "JCI", "JPM", "MMC", "MO", "SPY", "TGT", "ZION"]

# name, loader, rows, columns, first date, last date (from the data README)
FACTS = [
    ("sp500", load_sp500_prices, 8313, SP500, "1990-01-02", "2022-12-28"),
    ("sp500_index", load_sp500_index, 8313, ["SP500"], "1990-01-02", "2022-12-28"),
    (
        "factors",
        load_factor_prices,
        None,
        ["MTUM", "QUAL", "SIZE", "USMV", "VLUE"],
        "2014-01-02",
        "2022-12-28",
    ),
    ("riskfolio", load_riskfolio_prices, 1004, RISKFOLIO, "2016-01-04", "2019-12-27"),
]


@pytest.mark.parametrize(
    ("name", "loader", "rows", "columns", "first", "last"), FACTS, ids=[f[0] for f in FACTS]
)
def test_loader_matches_the_documented_facts(
    name: str,
    loader: Callable[[], pd.DataFrame],
    rows: int | None,
    columns: list[str],
    first: str,
    last: str,
) -> None:
    prices = loader()
    if rows is not None:
        assert len(prices) == rows
    assert list(prices.columns) == columns
    assert prices.index[0] == pd.Timestamp(first)
    assert prices.index[-1] == pd.Timestamp(last)
    assert prices.notna().all().all()  # "no gaps"


@pytest.mark.parametrize("name", DATASETS)
def test_every_dataset_passes_validation_unchanged(name: str) -> None:
    prices = load_dataset(name)
    pd.testing.assert_frame_equal(
        validate_prices(prices, missing="raise"), prices, check_exact=True
    )


@pytest.mark.parametrize(("name", "loader"), [(f[0], f[1]) for f in FACTS])
def test_load_dataset_maps_names_to_loaders(name: str, loader: Callable[[], pd.DataFrame]) -> None:
    pd.testing.assert_frame_equal(load_dataset(name), loader())


def test_datasets_lists_the_names() -> None:
    assert DATASETS == ("sp500", "sp500_index", "factors", "riskfolio")


def test_unknown_name_lists_the_choices() -> None:
    with pytest.raises(
        DataError,
        match="unknown dataset 'sp5000'; choose one of 'sp500', 'sp500_index', 'factors', 'riskfolio'",
    ):
        load_dataset("sp5000")


def test_each_call_returns_a_fresh_frame() -> None:
    first = load_sp500_prices()
    first.iloc[0, 0] = -1.0
    first.columns = ["X"] * 20
    second = load_sp500_prices()
    assert second.iloc[0, 0] == 0.264
    assert second.columns[0] == "AAPL"


def test_index_shares_the_stock_dates() -> None:
    assert load_sp500_index().index.equals(load_sp500_prices().index)


def test_hand_checked_values() -> None:
    """First and last rows as printed by ``zcat`` of the source files."""
    sp500 = load_sp500_prices()
    assert sp500.loc["1990-01-02", "AAPL"] == 0.264
    assert sp500.loc["2022-12-28", "XOM"] == 106.627
    assert load_sp500_index().loc["2022-12-28", "SP500"] == 3783.22
    assert load_factor_prices().loc["2014-01-02", "MTUM"] == 52.704
    assert load_riskfolio_prices().loc["2016-01-04", "SPY"] == 174.583984375

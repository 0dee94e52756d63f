import numpy as np
import pandas as pd
import pytest

from algofolio.core import DataError, MarketSnapshot


@pytest.fixture
def prices() -> pd.DataFrame:
    index = pd.bdate_range("2024-01-01", periods=5, name="date")
    return pd.DataFrame(
        {"A": [1.0, 2.0, 3.0, 4.0, 5.0], "B": [np.nan, np.nan, 7.0, 8.0, 9.0]}, index=index
    )


def test_snapshot_holds_nothing_after_its_date(prices: pd.DataFrame) -> None:
    snap = MarketSnapshot.at(prices, prices.index[2])
    assert snap.prices.index.max() == prices.index[2]
    assert snap.latest_prices().to_dict() == {"A": 3.0, "B": 7.0}


def test_tradable_assets_need_a_price_on_the_date(prices: pd.DataFrame) -> None:
    assert MarketSnapshot.at(prices, prices.index[1]).tradable_assets() == ["A"]
    assert MarketSnapshot.at(prices, prices.index[2]).tradable_assets() == ["A", "B"]


def test_writing_to_a_snapshot_never_changes_the_history(prices: pd.DataFrame) -> None:
    snap = MarketSnapshot.at(prices, prices.index[3])
    snap.prices.iloc[0, 0] = -1.0  # copy-on-write: the source is untouched
    assert prices.iloc[0, 0] == 1.0


def test_snapshot_arrays_are_read_only(prices: pd.DataFrame) -> None:
    values = MarketSnapshot.at(prices, prices.index[3]).prices.to_numpy()
    with pytest.raises(ValueError, match="read-only"):
        values[0, 0] = -2.0


def test_unknown_date_names_it(prices: pd.DataFrame) -> None:
    with pytest.raises(DataError, match="no prices on 2024-02-01"):
        MarketSnapshot.at(prices, pd.Timestamp("2024-02-01"))

"""Development cross-check on real data with staggered listings (needs ../shared, else skipped).

PyPortfolioOpt's test prices (MIT, not shipped) list 20 stocks from 1989-12-29, several of them only
later (GOOG 2004, FB 2012, BABA 2014): read_prices must keep each asset's own first date.
"""

from pathlib import Path

import pandas as pd
import pytest

from algofolio.data import read_prices

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
PYPFOPT = SHARED / "pypfopt_stock_prices.csv.gz"

pytestmark = pytest.mark.skipif(
    not PYPFOPT.is_file(), reason="development cross-check: ../shared/data is not present"
)


@pytest.fixture(scope="module")
def prices() -> pd.DataFrame:
    return read_prices(PYPFOPT, missing="raise")  # no gaps after listing in this file


def test_each_asset_keeps_its_own_first_date(prices: pd.DataFrame) -> None:
    reference = pd.read_csv(PYPFOPT, index_col=0, parse_dates=True)
    firsts = prices.apply(lambda column: column.first_valid_index())
    expected = reference.apply(lambda column: column.first_valid_index())
    assert firsts.to_dict() == expected.to_dict()
    assert firsts["GOOG"] == pd.Timestamp("2004-08-19")
    assert firsts["FB"] == pd.Timestamp("2012-05-18")
    assert firsts["BABA"] == pd.Timestamp("2014-09-19")
    assert firsts["AAPL"] == pd.Timestamp("1989-12-29")


def test_early_assets_are_not_truncated(prices: pd.DataFrame) -> None:
    assert prices.shape == (7126, 20)
    assert prices.index[0] == pd.Timestamp("1989-12-29")
    assert prices.index[-1] == pd.Timestamp("2018-04-11")
    assert prices["AAPL"].notna().all()


def test_values_equal_pandas_own_reading(prices: pd.DataFrame) -> None:
    reference = pd.read_csv(PYPFOPT, index_col=0, parse_dates=True)
    assert (prices.columns == reference.columns.astype(str)).all()
    assert prices.to_numpy().tobytes() == reference.to_numpy(dtype="float64").tobytes()

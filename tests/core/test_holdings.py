import math

import pandas as pd
import pytest

from algofolio.core import DataError, Holdings


def test_valid_holdings_keep_order() -> None:
    holdings = Holdings(shares=pd.Series({"VTI": 10.0, "BND": 0.0}), cash=12.5)
    assert holdings.assets == ("VTI", "BND")
    assert holdings.cash == 12.5


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf])
def test_bad_share_count_names_the_asset(bad: float) -> None:
    with pytest.raises(DataError, match="asset 'BND'") as err:
        Holdings(shares=pd.Series({"VTI": 1.0, "BND": bad}))
    assert err.value.asset == "BND"


def test_duplicate_asset_is_named() -> None:
    with pytest.raises(DataError, match="'VTI' is listed twice"):
        Holdings(shares=pd.Series([1.0, 2.0], index=["VTI", "VTI"]))


def test_negative_cash_is_refused() -> None:
    with pytest.raises(DataError, match="cash"):
        Holdings(shares=pd.Series({"VTI": 1.0}), cash=-5.0)

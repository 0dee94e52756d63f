"""read_holdings: an asset,shares CSV with an optional CASH row; errors name the row or asset."""

from pathlib import Path

import pandas as pd
import pytest

from algofolio.core import DataError
from algofolio.data import read_holdings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "account.csv"
    path.write_text(text)
    return path


def test_reads_shares_and_cash_in_file_order(tmp_path: Path) -> None:
    holdings = read_holdings(write(tmp_path, "ASSET,Shares\nVTI,10\nCash,1234.5\nBND, 2.25 \n"))
    pd.testing.assert_series_equal(holdings.shares, pd.Series({"VTI": 10.0, "BND": 2.25}))
    assert holdings.cash == 1234.5


def test_cash_defaults_to_zero_and_zero_shares_are_kept(tmp_path: Path) -> None:
    holdings = read_holdings(write(tmp_path, "asset,shares\nVTI,0\n"))
    assert holdings.shares.to_dict() == {"VTI": 0.0}
    assert holdings.cash == 0.0


def test_cash_only_account(tmp_path: Path) -> None:
    holdings = read_holdings(write(tmp_path, "asset,shares\nCASH,100\n"))
    assert holdings.assets == ()
    assert holdings.cash == 100.0


@pytest.mark.parametrize(
    ("text", "fragment", "asset"),
    [
        ("", "the file is empty", None),
        ("asset,shares\n", "no holdings rows", None),
        (
            "asset,quantity\nVTI,1\n",
            "need the columns asset,shares; found 'asset', 'quantity'",
            None,
        ),
        ("asset,shares,price\nVTI,1,2\n", "found 'asset', 'shares', 'price'", None),
        ("asset,shares\nVTI,ten\n", "asset 'VTI' has an invalid amount 'ten' (data row 1)", "VTI"),
        (
            "asset,shares\nVTI,1\nBND,-3\n",
            "asset 'BND' has an invalid amount '-3' (data row 2)",
            "BND",
        ),
        ("asset,shares\nVTI,\n", "asset 'VTI' has an invalid amount '' (data row 1)", "VTI"),
        ("asset,shares\nVTI,inf\n", "asset 'VTI' has an invalid amount 'inf'", "VTI"),
        ("asset,shares\nCASH,-1\n", "cash has an invalid amount '-1' (data row 1)", "CASH"),
        ("asset,shares\nVTI,1\nBND,2\nVTI,3\n", "asset 'VTI' is listed twice (data row 3)", "VTI"),
        ("asset,shares\ncash,1\nCASH,2\n", "cash is listed twice (data row 2)", "CASH"),
        ("asset,shares\n,5\n", "data row 1 has no asset", None),
    ],
)
def test_bad_holdings_name_the_row_or_asset(
    tmp_path: Path, text: str, fragment: str, asset: str | None
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(DataError) as err:
        read_holdings(path)
    assert fragment in str(err.value)
    assert str(path) in str(err.value)
    assert err.value.asset == asset
    assert err.value.source == str(path)

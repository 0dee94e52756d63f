"""Every bad price file fails with a typed one-line DataError naming the file, asset and date."""

import gzip
from pathlib import Path

import pandas as pd
import pytest

from algofolio.core import ConfigError, DataError
from algofolio.data import read_prices, validate_prices


def write(tmp_path: Path, text: str, name: str = "prices.csv") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def fail(path: Path, **kwargs: object) -> DataError:
    """Read ``path`` expecting a DataError; check it is one line and names the file."""
    with pytest.raises(DataError) as err:
        read_prices(path, **kwargs)
    message = str(err.value)
    assert "\n" not in message
    assert str(path) in message
    assert err.value.source == str(path)
    return err.value


# (case, file text, message fragment, asset, date)
WIDE_CASES = [
    ("empty file", "", "the file is empty", None, None),
    ("header only", "date,A,B\n", "no rows", None, None),
    ("single row", "date,A\n2024-01-02,1.0\n", "only one date (2024-01-02)", None, "2024-01-02"),
    ("no asset columns", "date\n2024-01-02\n2024-01-03\n", "no asset columns", None, None),
    (
        "duplicate dates",
        "date,A\n2024-01-02,1\n2024-01-03,2\n2024-01-03,3\n",
        "the date 2024-01-03 appears twice",
        None,
        "2024-01-03",
    ),
    (
        "unsorted dates",
        "date,A\n2024-01-02,1\n2024-01-04,2\n2024-01-03,3\n2024-01-05,4\n",
        "2024-01-03 (data row 3) comes after 2024-01-04",
        None,
        "2024-01-03",
    ),
    (
        "duplicate asset columns",
        "date,A,B,A\n2024-01-02,1,2,3\n2024-01-03,1,2,3\n",
        "asset 'A' has two columns",
        "A",
        None,
    ),
    (
        "non-numeric price",
        "date,A,B\n2024-01-02,1,2\n2024-01-03,1,two\n",
        "asset 'B' has a non-numeric price 'two' on 2024-01-03",
        "B",
        "2024-01-03",
    ),
    (
        "zero price",
        "date,A,B\n2024-01-02,1,2\n2024-01-03,0,2\n",
        "asset 'A' has a non-positive price 0.0 on 2024-01-03",
        "A",
        "2024-01-03",
    ),
    (
        "negative price",
        "date,A,B\n2024-01-02,1,-2.5\n2024-01-03,1,2\n",
        "asset 'B' has a non-positive price -2.5 on 2024-01-02",
        "B",
        "2024-01-02",
    ),
    (
        "infinite price",
        "date,A,B\n2024-01-02,1,2\n2024-01-03,1,inf\n",
        "asset 'B' has an infinite price inf on 2024-01-03",
        "B",
        "2024-01-03",
    ),
    (
        "overflowing price",
        "date,A\n2024-01-02,1e400\n2024-01-03,1\n",
        "asset 'A' has an infinite price inf on 2024-01-02",
        "A",
        "2024-01-02",
    ),
    (
        "entirely empty asset",
        "date,A,B\n2024-01-02,1,\n2024-01-03,1,NA\n",
        "asset 'B' has no prices",
        "B",
        None,
    ),
    (
        "asset without a name",
        "date,A,\n2024-01-02,1,2\n2024-01-03,1,2\n",
        "asset column 2 has no name",
        None,
        None,
    ),
    (
        "missing date",
        "date,A\n2024-01-02,1\n,2\n",
        "data row 2 has no date",
        None,
        None,
    ),
    (
        "ragged row",
        "date,A\n2024-01-02,1\n2024-01-03,1,5\n",
        "cannot read the file",
        None,
        None,
    ),
]


@pytest.mark.parametrize(
    ("text", "fragment", "asset", "date"),
    [case[1:] for case in WIDE_CASES],
    ids=[case[0] for case in WIDE_CASES],
)
def test_bad_wide_file_raises_a_named_error(
    tmp_path: Path, text: str, fragment: str, asset: str | None, date: str | None
) -> None:
    error = fail(write(tmp_path, text))
    assert fragment in str(error)
    assert error.asset == asset
    assert error.date == (None if date is None else pd.Timestamp(date))


def test_unparseable_date_names_the_raw_value_and_row(tmp_path: Path) -> None:
    error = fail(write(tmp_path, "date,A\n2024-01-02,1\n2024-13-45,2\n"))
    assert "cannot parse the date '2024-13-45' (data row 2)" in str(error)
    assert error.date == "2024-13-45"


def test_unparseable_date_in_a_non_iso_file(tmp_path: Path) -> None:
    error = fail(write(tmp_path, "Date,A\n3/10/2004,1\n3/11/2004,2\nlater,3\n"))
    assert "cannot parse the date 'later' (data row 3)" in str(error)


# (case, long file text, message fragment, asset, date)
LONG_CASES = [
    (
        "unknown column",
        "date,asset,price,volume\n2024-01-02,A,1,100\n2024-01-03,A,2,100\n",
        "unknown columns 'volume'",
        None,
        None,
    ),
    (
        "two price columns",
        "date,ticker,close,adj_close\n2024-01-02,A,1,1\n2024-01-03,A,2,2\n",
        "2 price columns 'close', 'adj_close'",
        None,
        None,
    ),
    (
        "no price column",
        "date,symbol\n2024-01-02,A\n2024-01-03,A\n",
        "no price column",
        None,
        None,
    ),
    (
        "duplicated pair",
        "date,asset,price\n2024-01-02,A,1\n2024-01-03,A,2\n2024-01-02,B,3\n2024-01-03,A,2.5\n",
        "asset 'A' has two prices on 2024-01-03 (data row 4)",
        "A",
        "2024-01-03",
    ),
    (
        "non-numeric price",
        "date,asset,price\n2024-01-02,A,1\n2024-01-03,A,n.a.\n",
        "asset 'A' has a non-numeric price 'n.a.' on 2024-01-03",
        "A",
        "2024-01-03",
    ),
    (
        "row without asset",
        "date,asset,price\n2024-01-02,A,1\n2024-01-03,,2\n",
        "data row 2 has no asset",
        None,
        None,
    ),
    ("header only", "date,asset,price\n", "no rows", None, None),
]


@pytest.mark.parametrize(
    ("text", "fragment", "asset", "date"),
    [case[1:] for case in LONG_CASES],
    ids=[case[0] for case in LONG_CASES],
)
def test_bad_long_file_raises_a_named_error(
    tmp_path: Path, text: str, fragment: str, asset: str | None, date: str | None
) -> None:
    error = fail(write(tmp_path, text))
    assert fragment in str(error)
    assert error.asset == asset
    assert error.date == (None if date is None else pd.Timestamp(date))


def test_explicit_long_layout_refuses_a_wide_file(tmp_path: Path) -> None:
    error = fail(write(tmp_path, "date,A,B\n2024-01-02,1,2\n2024-01-03,1,2\n"), layout="long")
    assert "unknown columns 'A', 'B'" in str(error)
    assert "no asset column" in str(error)


def test_unknown_suffix_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "date,A\n2024-01-02,1\n", name="prices.xlsx")
    error = fail(path)
    assert "unknown file type" in str(error)
    assert ".parquet" in str(error)


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    assert "no such file" in str(fail(tmp_path / "absent.csv"))


def test_corrupt_parquet_is_a_data_error(tmp_path: Path) -> None:
    assert "cannot read the file" in str(fail(write(tmp_path, "not parquet", "p.parquet")))


def test_corrupt_gzip_is_a_data_error(tmp_path: Path) -> None:
    path = tmp_path / "p.csv.gz"
    path.write_bytes(gzip.compress(b"date,A\n2024-01-02,1\n")[:-8] + b"garbage!")
    assert "cannot read the file" in str(fail(path))


@pytest.mark.parametrize(("option", "value"), [("layout", "tall"), ("missing", "zero")])
def test_bad_option_names_the_argument(tmp_path: Path, option: str, value: str) -> None:
    path = write(tmp_path, "date,A\n2024-01-02,1\n2024-01-03,2\n")
    with pytest.raises(ConfigError, match=f"{option}: '{value}'") as err:
        read_prices(path, **{option: value})
    assert err.value.key == option


def test_failed_validation_leaves_the_input_frame_untouched() -> None:
    raw = pd.DataFrame(
        {"A": ["1", "2", "x"], "B": ["1", "", "3"]},
        index=["2024-01-02", "2024-01-03", "2024-01-04"],
    )
    before = raw.copy()
    with pytest.raises(DataError, match="non-numeric price 'x'"):
        validate_prices(raw, missing="ffill")
    pd.testing.assert_frame_equal(raw, before)

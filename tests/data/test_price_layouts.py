"""Wide CSV, Parquet and long files of the same prices read back to the same frame."""

import string
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from algofolio.data import read_prices
from algofolio.data.layout import ASSET_NAMES, DATE_NAMES, PRICE_NAMES

RESERVED = DATE_NAMES | ASSET_NAMES | PRICE_NAMES  # names that mark a layout, not an asset

asset_names = st.text(
    alphabet=string.ascii_letters + string.digits + "._-^", min_size=1, max_size=6
).filter(lambda name: name.lower() not in RESERVED)


@st.composite
def price_frames(draw: st.DrawFn) -> pd.DataFrame:
    """Small contract-abiding frames; every asset but the first may start late (NaN before)."""
    n_dates = draw(st.integers(2, 8))
    names = draw(st.lists(asset_names, min_size=1, max_size=4, unique=True))
    start = draw(
        st.dates(
            min_value=pd.Timestamp("1990-01-01").date(), max_value=pd.Timestamp("2030-01-01").date()
        )
    )
    columns = {}
    for position, name in enumerate(names):
        lead = 0 if position == 0 else draw(st.integers(0, n_dates - 1))
        prices = draw(
            st.lists(
                st.floats(1e-6, 1e9, allow_nan=False, allow_infinity=False),
                min_size=n_dates - lead,
                max_size=n_dates - lead,
            )
        )
        columns[name] = [np.nan] * lead + prices
    dates = pd.DatetimeIndex(pd.bdate_range(start, periods=n_dates).to_numpy(), name="date")
    return pd.DataFrame(columns, index=dates, columns=pd.Index(names), dtype="float64")


def long_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """``date, asset, price`` rows without the missing prices (as long files store them)."""
    rows = frame.reset_index().melt(id_vars="date", var_name="asset", value_name="price")
    return rows.dropna(subset=["price"])


@given(frame=price_frames())
@settings(derandomize=True, max_examples=25, deadline=None)
def test_every_layout_and_format_reads_back_the_same_frame(frame: pd.DataFrame) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        frame.to_csv(folder / "wide.csv")
        frame.to_parquet(folder / "wide.parquet")
        long_rows(frame).to_csv(folder / "long.csv", index=False)
        long_rows(frame).to_parquet(folder / "long.pq", index=False)
        for name in ("wide.csv", "wide.parquet", "long.csv", "long.pq"):
            result = read_prices(folder / name)
            pd.testing.assert_frame_equal(result, frame, check_exact=True, obj=name)


@given(frame=price_frames(), seed=st.integers(0, 2**32 - 1))
@settings(derandomize=True, max_examples=20, deadline=None)
def test_long_rows_in_any_order_give_the_same_frame(frame: pd.DataFrame, seed: int) -> None:
    rows = long_rows(frame)
    order = np.random.default_rng(seed).permutation(len(rows))
    first_seen = rows.iloc[order]["asset"].drop_duplicates().tolist()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.csv"
        rows.iloc[order].to_csv(path, index=False)
        result = read_prices(path)
    pd.testing.assert_frame_equal(result, frame[first_seen], check_exact=True)


def ipo_frame() -> pd.DataFrame:
    dates = pd.DatetimeIndex(["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"], name="date")
    return pd.DataFrame(
        {"OLD": [10.0, 10.5, 10.25, 10.75], "NEW": [np.nan, np.nan, 20.0, 21.0]},
        index=dates,
        columns=pd.Index(["OLD", "NEW"]),
    )


@pytest.mark.parametrize("missing", ["keep", "ffill", "raise", "drop_assets"])
def test_ipo_gaps_survive_every_format_and_policy(tmp_path: Path, missing: str) -> None:
    frame = ipo_frame()
    frame.to_csv(tmp_path / "p.csv.gz")
    frame.to_parquet(tmp_path / "p.pq")
    for name in ("p.csv.gz", "p.pq"):
        result = read_prices(tmp_path / name, missing=missing)
        pd.testing.assert_frame_equal(result, frame, check_exact=True)
        assert result["NEW"].first_valid_index() == pd.Timestamp("2024-01-04")
        assert result.index[0] == pd.Timestamp("2024-01-02")  # OLD is not truncated


def test_aliases_and_case_of_long_columns(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "DATE,Symbol,Adj_Close\n2024-01-02,OLD,10\n2024-01-03,OLD,10.5\n2024-01-04,OLD,10.25\n2024-01-05,OLD,10.75\n2024-01-04,NEW,20\n2024-01-05,NEW,21\n"
    )
    pd.testing.assert_frame_equal(read_prices(path), ipo_frame(), check_exact=True)


def test_tab_separated_txt_with_date_column_not_first(tmp_path: Path) -> None:
    path = tmp_path / "p.txt"
    path.write_text(
        "OLD\tTimestamp\tNEW\n10\t2024-01-02\t\n10.5\t2024-01-03\t\n10.25\t2024-01-04\t20\n10.75\t2024-01-05\t21\n"
    )
    pd.testing.assert_frame_equal(read_prices(path), ipo_frame(), check_exact=True)


def test_us_dates_missing_tokens_and_odd_tickers(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("Day, NA ,null\n1/2/2024, 1.5 ,N/A\n1/3/2024,1.25,2\n")
    result = read_prices(path)
    expected = pd.DataFrame(
        {"NA": [1.5, 1.25], "null": [np.nan, 2.0]},
        index=pd.DatetimeIndex(["2024-01-02", "2024-01-03"], name="date"),
        columns=pd.Index(["NA", "null"]),
    )
    pd.testing.assert_frame_equal(result, expected, check_exact=True)


def test_time_zone_is_dropped_keeping_the_wall_date(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("date,A\n2024-01-02T00:00:00-05:00,1\n2024-01-03T00:00:00-05:00,2\n")
    assert list(read_prices(path).index) == [pd.Timestamp("2024-01-02"), pd.Timestamp("2024-01-03")]


def test_layout_wide_reads_a_column_named_like_an_alias_as_an_asset(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("date,ticker\n2024-01-02,1\n2024-01-03,2\n")
    assert read_prices(path, layout="wide")["ticker"].tolist() == [1.0, 2.0]


def test_byte_order_mark_is_not_part_of_the_header(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes("\ufeffdate,asset,price\n2024-01-02,A,1\n2024-01-03,A,2\n".encode())
    assert read_prices(path)["A"].tolist() == [1.0, 2.0]

"""validate_prices: the contract it returns, what it accepts, and what it never does."""

import logging

import numpy as np
import pandas as pd
import pytest

from algofolio.core import DataError
from algofolio.data import validate_prices
from algofolio.data.missing import gap_mask

DATES = ["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"]


def gappy() -> pd.DataFrame:
    """IPO asset NEW (NaN leading), a gap in MID on 01-04, OLD delisted after 01-03."""
    return pd.DataFrame(
        {
            "OLD": [1.0, 2.0, np.nan, np.nan],
            "MID": [3.0, 4.0, np.nan, 5.0],
            "NEW": [np.nan, 6.0, 7.0, 8.0],
            "FULL": [1.0, 1.0, 1.0, 1.0],
        },
        index=pd.DatetimeIndex(DATES, name="date"),
    )


def test_contract_of_the_result() -> None:
    raw = pd.DataFrame({1: ["1.5", "2"], "B ": [3, 4]}, index=["2024-01-02", "2024-01-03"])
    result = validate_prices(raw)
    assert list(result.columns) == ["1", "B"]
    assert all(isinstance(c, str) for c in result.columns)
    assert result.index.name == "date"
    assert isinstance(result.index, pd.DatetimeIndex)
    assert result.index.tz is None
    assert (result.dtypes == np.float64).all()
    assert result.to_numpy().tolist() == [[1.5, 3.0], [2.0, 4.0]]


def test_a_valid_frame_comes_back_equal() -> None:
    frame = gappy()
    pd.testing.assert_frame_equal(validate_prices(frame), frame, check_exact=True)


def test_keep_leaves_every_nan() -> None:
    result = validate_prices(gappy(), missing="keep")
    assert int(result.isna().sum().sum()) == 4


def test_gap_mask_marks_only_nan_after_the_first_price() -> None:
    expected = np.zeros((4, 4), dtype=bool)
    expected[2:, 0] = True  # OLD after delisting
    expected[2, 1] = True  # MID's gap
    assert (gap_mask(gappy()).to_numpy() == expected).all()


def test_ffill_carries_the_last_price_but_not_into_an_ipo_gap() -> None:
    result = validate_prices(gappy(), missing="ffill")
    assert result["OLD"].tolist() == [1.0, 2.0, 2.0, 2.0]
    assert result["MID"].tolist() == [3.0, 4.0, 4.0, 5.0]
    assert np.isnan(result.loc["2024-01-02", "NEW"])


def test_raise_names_the_first_gap() -> None:
    with pytest.raises(
        DataError, match=r"asset 'OLD' has no price on 2024-01-04 .*\(1 more assets"
    ) as err:
        validate_prices(gappy(), missing="raise", source="book.csv")
    assert (err.value.asset, err.value.date, err.value.source) == (
        "OLD",
        pd.Timestamp("2024-01-04"),
        "book.csv",
    )


def test_raise_accepts_ipo_gaps() -> None:
    frame = gappy()[["NEW", "FULL"]]
    pd.testing.assert_frame_equal(validate_prices(frame, missing="raise"), frame)


def test_drop_assets_drops_and_logs(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="algofolio.data.missing"):
        result = validate_prices(gappy(), missing="drop_assets", source="book.csv")
    assert list(result.columns) == ["NEW", "FULL"]
    assert caplog.messages == [
        "book.csv: dropped 2 asset(s) with gaps after their first price: OLD, MID"
    ]


def test_drop_assets_refuses_to_drop_everything() -> None:
    with pytest.raises(DataError, match="every asset has a gap"):
        validate_prices(gappy()[["OLD", "MID"]], missing="drop_assets")


def test_numeric_and_text_cells_mix() -> None:
    raw = pd.DataFrame(
        {"A": pd.array([1.0, None, 3.0], dtype="Float64"), "B": [1, "2.5", None]},
        index=pd.Index(["2024-01-02", "2024-01-03", "2024-01-04"]),
        dtype=None,
    )
    result = validate_prices(raw)
    assert result["A"].isna().tolist() == [False, True, False]
    assert result["B"].tolist()[:2] == [1.0, 2.5]


def test_non_numeric_names_how_many_more() -> None:
    raw = pd.DataFrame({"A": ["1", "x", "y"]}, index=DATES[:3])
    with pytest.raises(
        DataError, match=r"non-numeric price 'x' on 2024-01-03 \(1 more in this column\)"
    ):
        validate_prices(raw)


def test_boolean_prices_are_not_numbers() -> None:
    raw = pd.DataFrame({"A": [True, False]}, index=DATES[:2])
    with pytest.raises(DataError, match="non-numeric price True"):
        validate_prices(raw)


def test_not_a_frame() -> None:
    with pytest.raises(DataError, match="expected a DataFrame"):
        validate_prices(pd.Series([1.0, 2.0]))


def test_two_level_columns_are_refused() -> None:
    raw = pd.DataFrame(
        [[1.0], [2.0]], index=DATES[:2], columns=pd.MultiIndex.from_tuples([("A", "close")])
    )
    with pytest.raises(DataError, match="one level"):
        validate_prices(raw)


def test_missing_date_in_a_datetime_index() -> None:
    raw = pd.DataFrame({"A": [1.0, 2.0]}, index=pd.DatetimeIndex(["2024-01-02", None]))
    with pytest.raises(DataError, match="data row 2 has no date"):
        validate_prices(raw)


def test_nanosecond_index_gets_the_default_resolution() -> None:
    raw = pd.DataFrame({"A": [1.0, 2.0]}, index=pd.DatetimeIndex(DATES[:2]).as_unit("ns"))
    assert validate_prices(raw).index.unit == pd.to_datetime(DATES[:2]).unit


def test_numbers_in_the_index_are_not_dates() -> None:
    raw = pd.DataFrame({"date": DATES[:2], "A": [1.0, 2.0]})  # forgot to set the date index
    with pytest.raises(DataError, match="dates must be text or datetimes, got numbers such as 0"):
        validate_prices(raw)


def test_dates_with_spaces_and_mixed_offsets() -> None:
    raw = pd.DataFrame({"A": [1.0, 2.0]}, index=[" 2024-01-02 ", "2024-01-03"])
    assert validate_prices(raw).index[0] == pd.Timestamp("2024-01-02")
    mixed = pd.DataFrame(
        {"A": [1.0, 2.0]}, index=["2024-03-08T00:00-05:00", "2024-03-11T00:00-04:00"]
    )
    result = validate_prices(
        mixed
    )  # either parsed to wall dates or a one-line DataError, never a crash
    assert list(result.index) == [pd.Timestamp("2024-03-08"), pd.Timestamp("2024-03-11")]


def test_copy_false_shares_a_float_frames_values_and_the_default_copies() -> None:
    frame = pd.DataFrame(
        {"A": [1.0, 2.0], "B": [3.0, 4.0]}, index=pd.bdate_range("2024-01-01", periods=2)
    )
    shared = validate_prices(frame, copy=False)
    copied = validate_prices(frame)
    assert np.shares_memory(shared.to_numpy(), frame.to_numpy())
    assert not np.shares_memory(copied.to_numpy(), frame.to_numpy())
    pd.testing.assert_frame_equal(shared, copied)

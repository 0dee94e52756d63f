"""Calendar periods against pandas' own periods, and the first date of each period."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from algofolio.core import DataError, RebalanceFrequency, period_numbers, period_starts

# pandas' period codes for the same calendars: weeks Monday to Sunday, calendar quarters and years
PANDAS_PERIOD = {"daily": "D", "weekly": "W-SUN", "monthly": "M", "quarterly": "Q", "yearly": "Y"}

sorted_dates = st.lists(
    st.dates(
        min_value=pd.Timestamp("1970-01-01").date(), max_value=pd.Timestamp("2060-12-31").date()
    ),
    min_size=1,
    max_size=40,
    unique=True,
).map(sorted)


@pytest.mark.parametrize("frequency", list(PANDAS_PERIOD))
@given(dates=sorted_dates)
def test_period_starts_are_where_the_pandas_period_changes(
    frequency: RebalanceFrequency, dates: list
) -> None:
    index = pd.DatetimeIndex(dates)
    periods = index.to_period(PANDAS_PERIOD[frequency]).asi8
    expected = np.r_[True, periods[1:] != periods[:-1]]
    np.testing.assert_array_equal(period_starts(index, frequency), expected)


def test_hand_picked_period_numbers() -> None:
    # 1970-01-01 (day 0) was a Thursday: its week runs from Monday 1969-12-29 to Sunday 1970-01-04
    days = np.array(["1969-12-28", "1969-12-29", "1970-01-04", "1970-01-05"], dtype="datetime64[D]")
    assert period_numbers(days, "weekly").tolist() == [-1, 0, 0, 1]
    # months and quarters since January 1970
    assert period_numbers(days, "monthly").tolist() == [-1, -1, 0, 0]
    assert period_numbers(days, "quarterly").tolist() == [-1, -1, 0, 0]


def test_first_date_opens_a_period_and_holidays_move_the_start() -> None:
    # 2024-01-01 is a holiday: the first trading day of January is Tuesday 2 January
    index = pd.DatetimeIndex(["2023-12-28", "2023-12-29", "2024-01-02", "2024-01-03"])
    assert period_starts(index, "monthly").tolist() == [True, False, True, False]
    assert period_starts(index, "weekly").tolist() == [True, False, True, False]


def test_period_starts_need_a_datetime_index() -> None:
    with pytest.raises(DataError, match=r"'monthly'.* needs a DatetimeIndex, got RangeIndex"):
        period_starts(pd.RangeIndex(3), "monthly")

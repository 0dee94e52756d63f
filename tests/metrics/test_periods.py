"""Monthly and annual returns against quantstats, empyrical and hand-computed cases.

quantstats' ``monthly_returns`` fills months without data with 0 and labels years as strings
(``"2015"``) and months as ``"JAN"``..; ours keeps NaN for "no data in that month" and uses ints.
empyrical's ``aggregate_returns`` compounds per (year, month) or year as we do.
"""

import math

import empyrical as ep
import numpy as np
import pandas as pd
import pytest
import quantstats.stats as qs
from hypothesis import given
from hypothesis import strategies as st

from algofolio.core import DataError
from algofolio.metrics import annual_returns, monthly_returns, total_return


def test_monthly_returns_match_quantstats_and_empyrical(fund: pd.Series) -> None:
    ours = monthly_returns(fund)
    assert ours.index.name == "year"
    assert ours.columns.name == "month"
    assert ours.index.tolist() == [2015, 2016, 2017]
    assert ours.columns.tolist() == list(range(1, 13))
    assert ours.index.dtype == np.int64
    assert ours.columns.dtype == np.int64
    theirs = qs.monthly_returns(fund, eoy=False, prepare_returns=False)
    assert theirs.index.tolist() == ["2015", "2016", "2017"]
    present = ours.notna().to_numpy()
    np.testing.assert_allclose(ours.to_numpy()[present], theirs.to_numpy()[present], rtol=1e-12)
    # the 756 business days from 2015-01-02 end in November 2017: December has no data
    assert fund.index[-1].month == 11
    assert np.isnan(ours.loc[2017, 12])
    assert theirs.loc["2017", "DEC"] == 0.0
    assert present.sum() == 35
    aggregated = ep.aggregate_returns(fund, "monthly")
    stacked = ours.stack().dropna()
    assert stacked.index.tolist() == aggregated.index.tolist()
    np.testing.assert_allclose(stacked, aggregated, rtol=1e-12)


def test_monthly_returns_hand_computed_with_gaps() -> None:
    dates = pd.to_datetime(["2023-11-30", "2024-01-05", "2024-01-31", "2024-03-01", "2024-03-28"])
    returns = pd.Series([np.nan, 0.10, -0.10, 0.02, 0.03], index=dates, name="fund")
    table = monthly_returns(returns)
    assert table.index.tolist() == [2024]  # the leading NaN in 2023 is not a return
    row = table.loc[2024]
    assert row[1] == pytest.approx(1.1 * 0.9 - 1)
    assert math.isnan(row[2])  # no data in February
    assert row[3] == pytest.approx(1.02 * 1.03 - 1)
    assert row.iloc[3:].isna().all()


def test_annual_returns_match_empyrical_and_total_return(daily: pd.DataFrame) -> None:
    ours = annual_returns(daily)
    assert ours.index.name == "year"
    assert ours.index.dtype == np.int64
    assert list(ours.columns) == ["fund", "market"]
    for name in ("fund", "market"):
        yearly = ep.aggregate_returns(daily[name], "yearly")
        np.testing.assert_allclose(ours[name], yearly, rtol=1e-12)
        # a partial year is the return over the dates present in it
        last = daily[name].loc["2017"]
        assert ours.loc[2017, name] == pytest.approx(total_return(last), rel=1e-12)
    series = annual_returns(daily["fund"])
    assert series.name == "fund"
    pd.testing.assert_series_equal(series, ours["fund"])


def test_annual_returns_frame_keeps_leading_nan_per_series() -> None:
    dates = pd.to_datetime(["2022-12-30", "2023-06-30", "2023-12-29", "2024-06-28"])
    frame = pd.DataFrame(
        {"old": [0.1, 0.1, -0.5, 0.2], "new": [np.nan, np.nan, 0.1, 0.3]}, index=dates
    )
    table = annual_returns(frame)
    assert table.index.tolist() == [2022, 2023, 2024]
    assert table.loc[2022, "old"] == pytest.approx(0.1)
    assert table.loc[2023, "old"] == pytest.approx(1.1 * 0.5 - 1)
    assert math.isnan(table.loc[2022, "new"])
    assert table.loc[2023, "new"] == pytest.approx(0.1)
    assert table.loc[2024].tolist() == pytest.approx([0.2, 0.3])


@given(st.lists(st.floats(-0.5, 0.5), min_size=1, max_size=120), st.integers(0, 400))
def test_periods_compound_to_the_total_return(values: list[float], offset: int) -> None:
    dates = pd.bdate_range("2019-03-01", periods=len(values) + offset)[offset:]
    returns = pd.Series(values, index=dates)
    table = monthly_returns(returns)
    monthly = table.stack().dropna()
    yearly = annual_returns(returns)
    total = total_return(returns)
    assert float(np.prod(1 + monthly) - 1) == pytest.approx(total, rel=1e-9, abs=1e-12)
    assert float(np.prod(1 + yearly) - 1) == pytest.approx(total, rel=1e-9, abs=1e-12)
    # a month is NaN exactly when no date falls in it
    months = {(d.year, d.month) for d in dates}
    assert set(monthly.index) == months
    assert table.index.tolist() == sorted({year for year, _ in months})


def test_errors_are_data_errors_naming_the_problem(daily: pd.DataFrame) -> None:
    with pytest.raises(DataError, match=r"monthly_returns takes one return Series.*frame\[name\]"):
        monthly_returns(daily)  # type: ignore[arg-type]
    with pytest.raises(DataError, match=r"needs returns indexed by date .* RangeIndex"):
        monthly_returns(daily["fund"].reset_index(drop=True))
    with pytest.raises(DataError, match=r"needs returns indexed by date .* RangeIndex"):
        annual_returns(daily.reset_index(drop=True))
    gap = daily.copy()
    gap.iloc[10, 0] = np.nan
    with pytest.raises(DataError, match=rf"fund: the return on {daily.index[10]:%Y-%m-%d}"):
        annual_returns(gap)
    with pytest.raises(DataError, match="must be a pandas Series or DataFrame"):
        annual_returns([0.1, 0.2])  # type: ignore[call-overload]

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from algofolio.core import (
    ConfigError,
    DataError,
    annualize_mean,
    annualize_volatility,
    check_annual_rate,
    infer_periods_per_year,
    per_period_rate,
    resolve_periods_per_year,
)


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (pd.bdate_range("2020-01-01", periods=500), 252.0),
        (pd.date_range("2020-01-01", periods=500, freq="D"), 365.0),
        (pd.date_range("2020-01-03", periods=100, freq="W-FRI"), 52.0),
        (pd.date_range("2020-01-31", periods=36, freq="ME"), 12.0),
        (pd.date_range("2020-03-31", periods=12, freq="QE"), 4.0),
        (pd.date_range("2000-12-31", periods=10, freq="YE"), 1.0),
    ],
)
def test_infers_standard_frequencies(index: pd.DatetimeIndex, expected: float) -> None:
    assert infer_periods_per_year(index) == expected


def test_trading_calendar_with_holidays_is_still_daily() -> None:
    days = pd.bdate_range("2021-01-01", "2021-12-31")
    holidays = pd.to_datetime(
        ["2021-01-18", "2021-02-15", "2021-04-02", "2021-05-31", "2021-07-05"]
    )
    assert infer_periods_per_year(days.difference(holidays)) == 252.0


def test_too_few_dates_asks_for_periods_per_year() -> None:
    with pytest.raises(DataError, match="pass periods_per_year"):
        infer_periods_per_year(pd.DatetimeIndex(["2020-01-01"]))


def test_non_datetime_index_is_refused() -> None:
    with pytest.raises(DataError, match="RangeIndex"):
        infer_periods_per_year(pd.RangeIndex(10))


def test_dates_out_of_order_are_named_not_misread() -> None:
    # reversed month ends have negative gaps: read as they are, they looked like daily data
    months = pd.date_range("2020-01-31", periods=24, freq="ME")
    with pytest.raises(DataError, match="2021-11-30 comes after 2021-12-31") as info:
        infer_periods_per_year(months[::-1])
    assert info.value.date == pd.Timestamp("2021-11-30")


def test_given_periods_per_year_wins_and_is_checked() -> None:
    index = pd.bdate_range("2020-01-01", periods=10)
    assert resolve_periods_per_year(index, 12) == 12.0
    for bad in (0, math.nan, True, "12"):
        with pytest.raises(DataError, match="positive"):
            resolve_periods_per_year(index, bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("rate", [math.nan, math.inf, -1.0, -1.5, True, "0.02"])
def test_annual_rate_must_be_finite_and_above_minus_one(rate: object) -> None:
    # (1 + r) ** (1 / n) is NaN for NaN, complex below -1: refused, naming the argument
    with pytest.raises(ConfigError, match="annual_rate: must be a finite annual rate > -1") as info:
        per_period_rate(rate, 12)  # type: ignore[arg-type]
    assert info.value.key == "annual_rate"
    with pytest.raises(ConfigError, match="risk_free_rate") as info:
        check_annual_rate(rate, "risk_free_rate")  # type: ignore[arg-type]
    assert info.value.key == "risk_free_rate"


@given(
    rate=st.floats(min_value=-0.5, max_value=2.0),
    periods=st.sampled_from([1.0, 4.0, 12.0, 52.0, 252.0]),
)
def test_per_period_rate_compounds_back_to_the_annual_rate(rate: float, periods: float) -> None:
    # closed form: (1 + r_p) ** n == 1 + r
    assert (1 + per_period_rate(rate, periods)) ** periods == pytest.approx(1 + rate, rel=1e-12)


def test_annualisation_conventions() -> None:
    assert annualize_mean(0.001, 252) == pytest.approx(0.252)
    assert annualize_volatility(0.01, 252) == pytest.approx(0.01 * np.sqrt(252))

"""Prices to returns: values against pandas / numpy, NaN handling, and the price checks."""

import numpy as np
import pandas as pd
import pytest

from algofolio.core import ConfigError, DataError
from algofolio.returns import log_returns, simple_returns, to_returns

DATES = pd.bdate_range("2024-01-01", periods=5, name="date")


@pytest.fixture
def prices() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "A": [100.0, 102.0, 99.0, 101.0, 104.0],
            "B": [np.nan, np.nan, 50.0, 55.0, 44.0],  # lists on day 3
            "C": [10.0, 11.0, np.nan, 12.1, 12.1],  # a gap on day 3
        },
        index=DATES,
    )


def test_simple_returns_hand_values(prices: pd.DataFrame) -> None:
    result = simple_returns(prices)
    assert list(result.index) == list(DATES[1:])
    np.testing.assert_allclose(
        result["A"], [0.02, 99 / 102 - 1, 101 / 99 - 1, 104 / 101 - 1], rtol=1e-15
    )
    # the IPO gap stays NaN and the first return is at the second price
    assert result["B"].isna().tolist() == [True, True, False, False]
    assert result["B"].iloc[2:].tolist() == pytest.approx([0.1, -0.2])
    # a missing price is not padded: NaN on the gap and on the day after it
    assert result["C"].isna().tolist() == [False, True, True, False]


def test_simple_returns_match_pandas_pct_change_without_padding(prices: pd.DataFrame) -> None:
    expected = prices.pct_change(fill_method=None).iloc[1:]
    pd.testing.assert_frame_equal(simple_returns(prices), expected)


def test_log_returns_are_log1p_of_simple(prices: pd.DataFrame) -> None:
    # reference: numpy on the raw price ratios, NaN where either price is missing
    values = prices.to_numpy()
    np.testing.assert_allclose(
        log_returns(prices).to_numpy(), np.log(values[1:] / values[:-1]), rtol=1e-15
    )
    pd.testing.assert_frame_equal(log_returns(prices), np.log1p(simple_returns(prices)))
    pd.testing.assert_frame_equal(to_returns(prices, "log"), log_returns(prices))
    pd.testing.assert_frame_equal(to_returns(prices), simple_returns(prices))


def test_series_in_series_out(prices: pd.DataFrame) -> None:
    result = simple_returns(prices["A"])
    assert isinstance(result, pd.Series)
    assert result.name == "A"
    assert result.iloc[0] == pytest.approx(0.02)


@pytest.mark.parametrize("bad", [0.0, -5.0, np.inf])
def test_non_positive_or_infinite_price_names_asset_and_date(
    prices: pd.DataFrame, bad: float
) -> None:
    prices.loc[DATES[3], "B"] = bad
    with pytest.raises(DataError, match="price of B on 2024-01-04") as info:
        simple_returns(prices)
    assert info.value.asset == "B"
    assert info.value.date == DATES[3]


def test_unsorted_or_duplicate_dates_are_refused_naming_the_date(prices: pd.DataFrame) -> None:
    with pytest.raises(
        DataError, match="sorted in increasing order: 2024-01-04 comes after 2024-01-05"
    ) as info:
        simple_returns(prices.iloc[::-1])
    assert info.value.date == DATES[3]
    with pytest.raises(DataError, match="the date 2024-01-02 appears twice") as info:
        simple_returns(pd.concat([prices.iloc[:2], prices.iloc[1:2]]))
    assert info.value.date == DATES[1]


def test_unknown_kind_is_a_config_error(prices: pd.DataFrame) -> None:
    with pytest.raises(ConfigError, match="kind"):
        to_returns(prices, "arithmetic")  # type: ignore[arg-type]

"""Moving averages against loops over the windows, pandas, vectorbt, and the warm-up rules."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from algofolio.core import ConfigError, DataError
from algofolio.signals import moving_average
from tests.signals._reference import loop_rolling_mean, random_prices


def test_simple_average_hand_case() -> None:
    prices = pd.Series([2.0, 4.0, 6.0, 8.0, 10.0], index=pd.RangeIndex(5), name="A")
    result = moving_average(prices, 3)
    assert isinstance(result, pd.Series)
    assert result.name == "A"
    assert result.tolist()[2:] == [4.0, 6.0, 8.0]
    assert result.isna().tolist() == [True, True, False, False, False]


def test_simple_average_matches_a_loop_and_pandas_rolling() -> None:
    prices = random_prices(500, 4, seed=1)
    for window in (1, 5, 63, 250):
        result = moving_average(prices, window)
        for asset in prices:
            expected = loop_rolling_mean(prices[asset].tolist(), window)
            np.testing.assert_allclose(result[asset], expected, rtol=1e-12)
        pd.testing.assert_frame_equal(
            result, prices.rolling(window).mean(), check_exact=False, rtol=1e-12
        )


def test_exponential_average_matches_its_recursion() -> None:
    prices = random_prices(300, 3, seed=2)
    window = 20
    alpha = 2.0 / (window + 1)
    result = moving_average(prices, window, kind="exponential")
    for asset in prices:
        values, expected, average = prices[asset].tolist(), [], math.nan
        for t, value in enumerate(values):
            average = value if t == 0 else alpha * value + (1 - alpha) * average
            expected.append(average if t >= window - 1 else math.nan)
        np.testing.assert_allclose(result[asset], expected, rtol=1e-12)


def test_late_starting_asset_warms_up_from_its_first_price() -> None:
    prices = random_prices(40, 2, seed=3)
    prices.iloc[:10, 1] = np.nan  # A1 lists on row 10
    for kind in ("simple", "exponential"):
        result = moving_average(prices, 5, kind=kind)
        assert result["A0"].isna().sum() == 4
        assert result["A1"].isna().tolist() == [True] * 14 + [False] * 26
        alone = moving_average(prices["A1"].iloc[10:], 5, kind=kind)
        np.testing.assert_allclose(result["A1"].iloc[10:], alone, rtol=1e-12)


def test_equal_to_vectorbt_moving_averages() -> None:
    vbt = pytest.importorskip("vectorbt")
    prices = random_prices(400, 3, seed=4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for ewm, kind in ((False, "simple"), (True, "exponential")):
            theirs = vbt.MA.run(prices, window=[7, 30], ewm=ewm).ma
            for k, window in enumerate((7, 30)):
                ours = moving_average(prices, window, kind=kind).to_numpy()
                np.testing.assert_allclose(ours, theirs.iloc[:, 3 * k : 3 * k + 3], rtol=1e-13)
        # the simple average follows vectorbt's running sums bit for bit (same crossings)
        theirs = vbt.MA.run(prices, window=30).ma.to_numpy()
        assert np.array_equal(moving_average(prices, 30).to_numpy(), theirs, equal_nan=True)


def test_a_window_longer_than_the_data_is_all_warm_up() -> None:
    prices = random_prices(10, 2, seed=5)
    assert moving_average(prices, 11).isna().all().all()


def test_gap_after_first_price_is_refused_naming_asset_and_date() -> None:
    prices = random_prices(10, 2, seed=6)
    prices.iloc[4, 1] = np.nan
    with pytest.raises(DataError, match=r"'A1' has no value on 2020-01-07") as caught:
        moving_average(prices, 3)
    assert caught.value.asset == "A1"


@pytest.mark.parametrize("window", [0, -1, 2.5, True, "3"])
def test_bad_window_is_a_config_error(window: object) -> None:
    with pytest.raises(ConfigError, match="window"):
        moving_average(random_prices(10, 1), window)  # type: ignore[arg-type]


def test_unknown_kind_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="kind"):
        moving_average(random_prices(10, 1), 3, kind="weighted")  # type: ignore[arg-type]


def test_unsorted_dates_are_refused() -> None:
    prices = random_prices(10, 1).iloc[::-1]
    with pytest.raises(DataError, match="not sorted"):
        moving_average(prices, 3)

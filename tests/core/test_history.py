"""MarketHistory against pandas computing the same things on the sliced frame."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from algofolio.core import DataError, EstimationError
from algofolio.core.history import MarketHistory


def gappy_prices(seed: int, n_days: int = 60, n_assets: int = 4) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    values = 100 * np.exp(np.cumsum(rng.normal(0, 0.01, (n_days, n_assets)), axis=0))
    values[rng.random(values.shape) < 0.05] = np.nan
    values[: rng.integers(0, 20), 0] = np.nan  # a later listing
    index = pd.bdate_range("2024-01-01", periods=n_days, name="date")
    return pd.DataFrame(values, index=index, columns=[f"A{i}" for i in range(n_assets)])


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), row=st.integers(0, 59), window=st.integers(1, 30))
def test_the_cut_history_is_the_history_of_the_cut_prices(seed: int, row: int, window: int) -> None:
    prices = gappy_prices(seed)
    cut = MarketHistory.from_prices(prices).until(row)
    known = prices.iloc[: row + 1]
    assert cut.date == known.index[-1]
    np.testing.assert_array_equal(cut.prices, known.to_numpy())
    expected_returns = (known / known.shift(1) - 1).to_numpy()  # pandas' arithmetic, NaN-aware
    np.testing.assert_array_equal(cut.returns[1:], expected_returns[1:])
    if row < window:
        with pytest.raises(EstimationError, match="need"):
            cut.eligible(window)
        return
    tail = known.iloc[-(window + 1) :]
    np.testing.assert_array_equal(cut.eligible(window), tail.notna().all().to_numpy())
    frame = cut.returns_frame(window, cut.eligible(window))
    expected = (tail / tail.shift(1) - 1).iloc[1:].loc[:, tail.notna().all()]
    pd.testing.assert_frame_equal(
        frame, expected, check_freq=False, check_names=False, check_column_type=False
    )


def test_expanding_windows_start_at_the_first_price() -> None:
    prices = gappy_prices(3)
    prices.iloc[:5] = np.nan
    prices.iloc[5, 1:] = np.nan  # only A0 priced on row 5
    prices.iloc[:6, 0] = prices.iloc[:6, 0].fillna(50.0)
    history = MarketHistory.from_prices(prices)
    assert history.first_priced_row() == 0
    cut = history.until(30)
    assert cut.window_start(None) == 0


def test_arrays_are_read_only() -> None:
    history = MarketHistory.from_prices(gappy_prices(1)).until(10)
    with pytest.raises(ValueError, match="read-only"):
        history.prices[0, 0] = 1.0
    with pytest.raises(ValueError, match="read-only"):
        history.returns[1, 0] = 1.0


def test_misaligned_volumes_name_the_asset() -> None:
    prices = gappy_prices(2)
    with pytest.raises(DataError, match="'A3' is missing"):
        MarketHistory.from_prices(prices, volumes=prices.drop(columns="A3"))


def test_rows_outside_the_history_are_refused() -> None:
    history = MarketHistory.from_prices(gappy_prices(2))
    with pytest.raises(IndexError):
        history.until(60)

"""Crossings against vectorbt's definition transcribed as a loop (hand cases with ties and NaN,
hypothesis on small integers, which tie often), and against vectorbt itself."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from algofolio.core import DataError
from algofolio.signals import crossover, moving_average
from algofolio.signals.crossover import crossed_above
from tests.signals._reference import loop_crossed_above, random_prices

NAN = math.nan


def test_hand_case_with_ties() -> None:
    index = pd.RangeIndex(10)
    fast = pd.Series([3.0, 2.0, 1.0, 2.0, 3.0, 2.0, 3.0, 2.0, 1.0, 3.0], index=index)
    slow = pd.Series(2.0, index=index)
    entries, exits = crossover(fast, slow)
    # starts above: no entry until it has been below (row 2); a tie keeps the memory of
    # "below", so row 4 enters; row 6 enters again after the tie on row 5 (vectorbt's rule)
    assert np.flatnonzero(entries).tolist() == [4, 6, 9]
    # row 2 exits (above on row 0, then a tie): crossing below mirrors crossing above
    assert np.flatnonzero(exits).tolist() == [2, 8]


def test_nan_forgets_the_past() -> None:
    a = np.array([[1.0], [NAN], [3.0], [1.0], [3.0]])
    b = np.full((5, 1), 2.0)
    # below on row 0, then NaN: row 2 is not a crossing; row 4 is (below on row 3)
    assert np.flatnonzero(crossed_above(a, b)).tolist() == [4]
    assert crossed_above(a, b)[:, 0].tolist() == loop_crossed_above(a[:, 0].tolist(), [2.0] * 5)


@given(
    st.lists(
        st.tuples(st.integers(0, 4), st.integers(0, 4), st.booleans()), min_size=1, max_size=60
    )
)
def test_equal_to_the_loop_on_small_integers(rows: list[tuple[int, int, bool]]) -> None:
    a = [NAN if gap else float(x) for x, _, gap in rows]
    b = [float(y) for _, y, _ in rows]
    array_a, array_b = np.array(a)[:, None], np.array(b)[:, None]
    assert crossed_above(array_a, array_b)[:, 0].tolist() == loop_crossed_above(a, b)
    assert crossed_above(array_b, array_a)[:, 0].tolist() == loop_crossed_above(b, a)


def test_moving_average_crossings_match_the_loop() -> None:
    prices = random_prices(600, 4, seed=7)
    fast, slow = moving_average(prices, 10), moving_average(prices, 50)
    entries, exits = crossover(fast, slow)
    assert entries.shape == exits.shape == prices.shape
    assert entries.dtypes.eq(bool).all()
    for asset in prices:
        f, s = fast[asset].tolist(), slow[asset].tolist()
        assert entries[asset].tolist() == loop_crossed_above(f, s)
        assert exits[asset].tolist() == loop_crossed_above(s, f)
    assert entries.to_numpy().sum() > 5  # the case is not empty


def test_equal_to_vectorbt() -> None:
    vbt = pytest.importorskip("vectorbt")
    prices = random_prices(500, 3, seed=8)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fast_ma = vbt.MA.run(prices, window=12)
        slow_ma = vbt.MA.run(prices, window=40)
        above = fast_ma.ma_crossed_above(slow_ma).to_numpy()
        below = fast_ma.ma_crossed_below(slow_ma).to_numpy()
    entries, exits = crossover(moving_average(prices, 12), moving_average(prices, 40))
    assert np.array_equal(entries.to_numpy(), above)
    assert np.array_equal(exits.to_numpy(), below)


def test_layouts_must_agree() -> None:
    prices = random_prices(20, 2)
    with pytest.raises(DataError, match="same dates"):
        crossover(prices, prices.iloc[1:])
    with pytest.raises(DataError, match="same columns"):
        crossover(prices, prices.rename(columns={"A0": "X"}))
    with pytest.raises(DataError, match="both be Series"):
        crossover(prices, prices["A0"])

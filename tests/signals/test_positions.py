"""Signals to long/flat positions against a loop (vectorbt's from_signals, long only)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from algofolio.core import DataError
from algofolio.signals import long_flat
from tests.signals._reference import loop_long_flat


@given(st.lists(st.sampled_from([(False, False), (True, False), (False, True)]), max_size=50))
def test_equal_to_the_loop(signals: list[tuple[bool, bool]]) -> None:
    entries = pd.Series([e for e, _ in signals], index=pd.RangeIndex(len(signals)), dtype=bool)
    exits = pd.Series([x for _, x in signals], index=entries.index, dtype=bool)
    assert long_flat(entries, exits).tolist() == loop_long_flat(entries.tolist(), exits.tolist())


def test_frames_keep_their_layout() -> None:
    index = pd.bdate_range("2024-01-01", periods=4, name="date")
    entries = pd.DataFrame({"A": [True, False, False, True], "B": [False] * 4}, index=index)
    exits = pd.DataFrame({"A": [False, False, True, False], "B": [True] * 4}, index=index)
    held = long_flat(entries, exits)
    assert held["A"].tolist() == [True, True, False, True]
    assert not held["B"].any()
    assert held.index.equals(index)
    assert list(held.columns) == ["A", "B"]


def test_entry_and_exit_on_one_day_is_refused() -> None:
    index = pd.bdate_range("2024-01-01", periods=3, name="date")
    entries = pd.DataFrame({"A": [True, True, False]}, index=index)
    exits = pd.DataFrame({"A": [False, True, False]}, index=index)
    with pytest.raises(DataError, match="'A' has both an entry and an exit on 2024-01-02"):
        long_flat(entries, exits)


def test_non_bool_signals_are_refused() -> None:
    index = pd.RangeIndex(3)
    with pytest.raises(DataError, match="bool"):
        long_flat(pd.Series([1, 0, 0], index=index), pd.Series([False] * 3, index=index))
    assert np.array_equal(
        long_flat(pd.Series([True, False, False]), pd.Series([False, False, True])),
        [True, True, False],
    )

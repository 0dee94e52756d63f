"""Columns: series regrouped by start date, reduced per series exactly as numpy does alone."""

import numpy as np
import pandas as pd

from algofolio.metrics._columns import Columns


def _columns(starts: list[int], n_rows: int = 300) -> tuple[Columns, np.ndarray]:
    rng = np.random.default_rng(len(starts))
    values = rng.standard_normal((n_rows, len(starts)))
    for j, start in enumerate(starts):
        values[:start, j] = 0.0
    names = tuple(f"s{j}" for j in range(len(starts)))
    return Columns.from_starts(values, np.array(starts), names, pd.RangeIndex(n_rows)), values


def test_series_sharing_a_start_form_one_group_in_input_order_back() -> None:
    columns, _ = _columns([5, 0, 5, 120, 0])
    assert columns.names == ("s1", "s4", "s0", "s2", "s3")
    assert [g.rows for g in columns.groups] == [slice(0, None), slice(5, None), slice(120, None)]
    assert columns.counts.tolist() == [300, 300, 295, 295, 180]
    assert columns.in_input_order(columns.starts).tolist() == [5, 0, 5, 120, 0]


def test_reductions_equal_numpy_on_each_series_alone() -> None:
    starts = [0, 7, 7, 3, 150, 290, 0]
    columns, values = _columns(starts)
    array = columns.array
    sums = columns.in_input_order(columns.sum(array))
    means = columns.in_input_order(columns.mean(array))
    stds = columns.in_input_order(columns.std(array, columns.mean(array)))
    counts = columns.in_input_order(columns.count(array > 0.0))
    for j, start in enumerate(starts):
        own = values[start:, j].copy()
        assert sums[j] == np.sum(own)  # numpy's pairwise summation, bit for bit
        assert means[j] == np.mean(own)
        assert stds[j] == np.std(own, ddof=1)
        assert counts[j] == np.count_nonzero(own > 0.0)

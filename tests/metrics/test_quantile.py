"""Column quantiles: the same bits as numpy.quantile (linear interpolation), on every path."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from algofolio.metrics._quantile import column_quantiles


def _assert_like_numpy(array: np.ndarray, q: float) -> None:
    expected = np.array([np.quantile(array[:, j], q) for j in range(array.shape[1])])
    assert np.array_equal(column_quantiles(array, q), expected)


@pytest.mark.parametrize("q", [0.0, 0.001, 0.05, 1 - 0.95, 0.25, 0.5, 0.975, 0.999, 1.0])
@pytest.mark.parametrize("shape", [(1, 3), (2, 1), (7, 4), (600, 80), (2520, 40)])
def test_matches_numpy(shape: tuple[int, int], q: float) -> None:
    rng = np.random.default_rng(shape[0] * 7 + shape[1])
    _assert_like_numpy(rng.standard_t(3, size=shape) * 0.01, q)


def test_ties_zeros_and_sorted_columns() -> None:
    rng = np.random.default_rng(5)
    ties = np.round(rng.standard_normal((3000, 30)), 1)
    zeros = np.where(rng.random((3000, 30)) < 0.4, 0.0, rng.standard_normal((3000, 30)))
    ordered = np.sort(rng.standard_normal((3000, 30)), axis=0)
    for array in (ties, zeros, ordered, ordered[::-1]):
        for q in (0.01, 0.05, 0.5):
            _assert_like_numpy(array, q)


def test_unrepresentative_sample_falls_back_to_a_full_partition() -> None:
    # every 8th row (the sample) is far above the rest: the sampled bracket misses the tail
    rng = np.random.default_rng(9)
    array = rng.standard_normal((4000, 20))
    array[::8] = 100.0
    _assert_like_numpy(array, 0.05)


def test_column_views_are_read_in_place() -> None:
    rng = np.random.default_rng(3)
    array = np.asfortranarray(rng.standard_normal((3000, 30)))
    _assert_like_numpy(array[37:, 4:], 0.05)  # columns contiguous, not the block


@settings(derandomize=True, max_examples=60, deadline=None)
@given(
    st.integers(1, 1200),
    st.integers(1, 40),
    st.floats(0.0, 1.0),
    st.integers(0, 2**32 - 1),
)
def test_random_shapes(n_rows: int, n_cols: int, q: float, seed: int) -> None:
    rng = np.random.default_rng(seed)
    _assert_like_numpy(np.round(rng.standard_normal((n_rows, n_cols)), 2), q)

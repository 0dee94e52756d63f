"""``RollingMoments`` against ``numpy.cov`` / ``numpy.mean`` recomputed on every window."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from algofolio.core.errors import ConfigError, EstimationError
from algofolio.datasets import load_sp500_prices
from algofolio.estimators.rolling import RollingMoments

RELATIVE = 1e-10


def assert_window(moments: RollingMoments, window: np.ndarray) -> None:
    """Mean and covariance (ddof=1) of ``window`` by numpy, to 1e-10 of the entries' scale."""
    assert moments.count == len(window)
    cov = np.atleast_2d(np.cov(window, rowvar=False, ddof=1))
    scale = float(np.abs(cov).max()) + 1e-300
    assert np.abs(moments.covariance() - cov).max() <= RELATIVE * scale
    mean_scale = float(np.abs(window).max()) + 1e-300
    assert np.abs(moments.mean() - window.mean(axis=0)).max() <= RELATIVE * mean_scale


@st.composite
def walks(draw: st.DrawFn) -> tuple[np.ndarray, list[tuple[int, int]], int]:
    """Returns (T x n), a sequence of windows moving forward (starts and stops never decrease,
    jumps included) and a refresh interval."""
    n = draw(st.integers(1, 6))
    steps = draw(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), min_size=1, max_size=40))
    first = draw(st.integers(2, 12))
    windows, start, stop = [(0, first)], 0, first
    for grow, shrink in steps:
        stop += grow
        start = min(start + shrink, stop - 2)
        windows.append((start, stop))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    scale = rng.uniform(0.001, 0.05, n)
    X = rng.normal(0.0005, 1.0, size=(stop, n)) * scale + draw(st.sampled_from([0.0, 0.5]))
    return X, windows, draw(st.sampled_from([1, 5, 40, 4096]))


@given(walks())
def test_sliding_windows_equal_numpy_on_every_window(
    walk: tuple[np.ndarray, list[tuple[int, int]], int],
) -> None:
    X, windows, refresh = walk
    moments = RollingMoments(refresh_rows=refresh)
    for start, stop in windows:
        moments.update(X, start, stop)
        assert_window(moments, X[start:stop])


@given(st.integers(0, 2**32 - 1), st.integers(2, 5))
def test_add_and_remove_rows_directly(seed: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    X = rng.normal(0.001, 0.02, size=(60, n))
    moments = RollingMoments()
    moments.restart(X[:10])
    for start in range(0, 50, 5):  # add five rows, then drop the five oldest
        moments.add(X[start + 10 : start + 15])
        assert_window(moments, X[start : start + 15])
        moments.remove(X[start : start + 5])
        assert_window(moments, X[start + 5 : start + 15])


def test_monthly_windows_of_real_returns_over_changing_columns() -> None:
    prices = load_sp500_prices()
    returns = (prices / prices.shift(1) - 1.0).iloc[1:].to_numpy()
    moments = RollingMoments(refresh_rows=500)
    all_columns, some = None, np.array([0, 3, 4, 7, 11])
    for step, stop in enumerate(range(252, len(returns), 21)):
        columns = some if 40 <= step < 60 else all_columns  # the column set changes twice
        moments.update(returns, stop - 252, stop, columns)
        block = returns[stop - 252 : stop]
        assert_window(moments, block if columns is None else block[:, columns])


def test_mean_and_covariance_by_hand() -> None:
    moments = RollingMoments()
    X = np.array([[1.0, 2.0], [3.0, 0.0], [5.0, 4.0], [7.0, 2.0]])
    moments.update(X, 0, 3)
    moments.update(X, 1, 4)  # rows [3, 0], [5, 4], [7, 2]
    np.testing.assert_allclose(moments.mean(), [5.0, 2.0], rtol=1e-15)
    # deviations (-2, -2), (0, 2), (2, 0): sums of squares 8 and 8, cross 4, over m - 1 = 2
    np.testing.assert_allclose(moments.covariance(), [[4.0, 2.0], [2.0, 4.0]], rtol=1e-14)
    out = np.empty((2, 2))
    assert moments.covariance(out=out) is out


def test_errors_name_what_is_wrong() -> None:
    with pytest.raises(ConfigError, match="refresh_rows"):
        RollingMoments(refresh_rows=0)
    moments = RollingMoments()
    moments.restart(np.ones((1, 2)))
    with pytest.raises(EstimationError, match="at least 2 rows"):
        moments.covariance()
    with pytest.raises(EstimationError, match="remove 2 row"):
        moments.remove(np.ones((2, 2)))
    with pytest.raises(EstimationError, match=r"shape \(rows, 2\)"):
        moments.add(np.ones((1, 3)))
    with pytest.raises(EstimationError, match="finite"):
        moments.add(np.array([[np.nan, 0.0]]))
    with pytest.raises(EstimationError, match="outside"):
        moments.update(np.ones((5, 2)), 3, 6)
    with pytest.raises(EstimationError, match="empty window"):
        RollingMoments().mean()

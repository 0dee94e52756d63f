"""PSD repair: hypothesis properties and hand-computed cases."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from algofolio.core import ConfigError, EstimationError
from algofolio.estimators import NotPositiveDefiniteWarning, ensure_psd, is_psd, nearest_psd

entries = st.floats(-1.0, 1.0, allow_nan=False, allow_subnormal=False)


@st.composite
def symmetric_matrices(draw: st.DrawFn) -> np.ndarray:
    n = draw(st.integers(1, 6))
    A = draw(arrays(np.float64, (n, n), elements=entries))
    return (A + A.T) / 2.0


@st.composite
def psd_matrices(draw: st.DrawFn) -> np.ndarray:
    n = draw(st.integers(1, 6))
    k = draw(st.integers(1, 6))
    B = draw(arrays(np.float64, (n, k), elements=entries))
    return B @ B.T


@settings(max_examples=60)
@given(symmetric_matrices(), st.sampled_from(["clip", "higham"]))
def test_nearest_psd_output_is_psd_and_symmetric(matrix, method) -> None:
    repaired = nearest_psd(matrix, method)
    np.testing.assert_array_equal(repaired, repaired.T)
    assert np.linalg.eigvalsh(repaired)[0] >= -1e-10 * np.abs(repaired).max()


@settings(max_examples=60)
@given(psd_matrices(), st.sampled_from(["clip", "higham", "raise"]))
def test_nearest_psd_keeps_a_psd_input(matrix, method) -> None:
    np.testing.assert_array_equal(nearest_psd(matrix, method), matrix)


@settings(max_examples=60)
@given(symmetric_matrices())
def test_clip_is_no_farther_than_any_psd_matrix_tried(matrix) -> None:
    repaired = nearest_psd(matrix)
    distance = np.linalg.norm(matrix - repaired)
    for candidate in (np.zeros_like(matrix), np.eye(len(matrix)), nearest_psd(matrix, "higham")):
        assert distance <= np.linalg.norm(matrix - candidate) + 1e-9


def test_hand_computed_clip() -> None:
    # eigenvalues 3 (vector (1, 1)) and -1 (vector (1, -1)): only the first remains
    np.testing.assert_allclose(
        nearest_psd(np.array([[1.0, 2.0], [2.0, 1.0]])), np.full((2, 2), 1.5)
    )


def test_higham_gives_the_nearest_correlation_matrix() -> None:
    # Higham (2002), section 4: the nearest correlation matrix of this one has 0.7607 off-diagonal
    # in the (1, 2) and (2, 3) positions and 0.1573 in (1, 3)
    A = np.array([[1.0, 1.0, 0.0], [1.0, 1.0, 1.0], [0.0, 1.0, 1.0]])
    repaired = nearest_psd(A, "higham")
    np.testing.assert_allclose(np.diag(repaired), 1.0, atol=1e-9)
    np.testing.assert_allclose(repaired[0, 1], 0.7607, atol=1e-4)
    np.testing.assert_allclose(repaired[0, 2], 0.1573, atol=1e-4)


def test_ensure_psd_warns_naming_the_estimator() -> None:
    with pytest.warns(NotPositiveDefiniteWarning, match=r"MyEstimator: .*smallest eigenvalue -1"):
        ensure_psd(np.array([[1.0, 2.0], [2.0, 1.0]]), "MyEstimator")


def test_raise_and_unknown_methods() -> None:
    with pytest.raises(EstimationError, match="smallest eigenvalue -1"):
        nearest_psd(np.array([[1.0, 2.0], [2.0, 1.0]]), "raise")
    with pytest.raises(ConfigError, match="method: 'spectral' is not one of"):
        nearest_psd(np.eye(2), "spectral")  # type: ignore[arg-type]
    assert is_psd(np.zeros((2, 2)))

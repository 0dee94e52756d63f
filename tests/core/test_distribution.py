import numpy as np
import pandas as pd
import pytest

from algofolio.core import DataError, ReturnDistribution

MU = np.array([0.001, 0.002])
COV = np.array([[1e-4, 2e-5], [2e-5, 4e-4]])


def make(**changes: object) -> ReturnDistribution:
    arguments: dict[str, object] = {
        "assets": ("A", "B"),
        "mu": MU,
        "covariance": COV,
        "periods_per_year": 252.0,
    }
    arguments.update(changes)
    return ReturnDistribution(**arguments)  # type: ignore[arg-type]


def test_arrays_are_read_only_copies() -> None:
    source = MU.copy()
    dist = make(mu=source, scenarios=np.zeros((3, 2)))
    source[0] = 9.0
    assert dist.mu.tolist() == [0.001, 0.002]
    for array in (dist.mu, dist.covariance, dist.scenarios):
        assert array is not None
        with pytest.raises(ValueError, match="read-only"):
            array[0] = 1.0


def test_frames_are_labelled_by_asset() -> None:
    dist = make()
    pd.testing.assert_series_equal(
        dist.mu_series(), pd.Series(MU, index=pd.Index(["A", "B"], name="asset"), name="mu")
    )
    frame = dist.covariance_frame()
    assert frame.loc["A", "B"] == 2e-5
    assert list(frame.columns) == ["A", "B"]


def test_annualized_scales_mean_and_covariance_linearly() -> None:
    yearly = make(scenarios=np.zeros((3, 2))).annualized()
    np.testing.assert_allclose(yearly.mu, MU * 252)
    np.testing.assert_allclose(yearly.covariance, COV * 252)
    assert yearly.periods_per_year == 1.0
    assert yearly.scenarios is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"mu": np.zeros(3)}, r"mu has shape \(3,\)"),
        ({"covariance": np.eye(3)}, r"covariance has shape \(3, 3\)"),
        ({"mu": np.array([0.0, np.nan])}, "mu of asset 'B' is not finite"),
        ({"covariance": np.array([[1.0, 0.5], [0.4, 1.0]])}, "not symmetric"),
        ({"scenarios": np.zeros((4, 3))}, r"scenarios have shape \(4, 3\)"),
        ({"scenarios": np.array([[0.0, np.inf]])}, "scenarios of asset 'B'"),
        ({"assets": ("A", "A")}, "asset 'A' appears twice"),
        ({"periods_per_year": 0.0}, "periods_per_year must be a positive number"),
    ],
)
def test_invalid_distributions_raise_data_error(changes: dict[str, object], message: str) -> None:
    with pytest.raises(DataError, match=message):
        make(**changes)


def test_tiny_asymmetry_from_rounding_is_accepted_and_kept() -> None:
    cov = COV.copy()
    cov[0, 1] += 1e-20
    assert make(covariance=cov).covariance[0, 1] == cov[0, 1]

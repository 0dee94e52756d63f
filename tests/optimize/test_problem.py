"""Problem inputs: validation naming the asset, the covariance factor, solver-noise snapping."""

from functools import partial

import numpy as np
import pytest

from algofolio.core.errors import DataError, EstimationError, SolverError
from algofolio.optimize import MinVariance, PortfolioProblem, covariance_factor, optimize_portfolio
from algofolio.optimize.solve import snap_to_bounds
from tests.optimize._problems import random_problem


def make(mu: object, Sigma: object, assets: tuple[str, ...] = ("A", "B")) -> PortfolioProblem:
    return PortfolioProblem(assets=assets, mu=mu, Sigma=Sigma, periods_per_year=12.0)  # type: ignore[arg-type]


def test_invalid_inputs_name_the_asset() -> None:
    with pytest.raises(DataError, match=r"mu must have shape \(2,\) and Sigma \(2, 2\)"):
        make(np.zeros(3), np.eye(2))
    with pytest.raises(DataError, match="Sigma of asset 'B' is not finite") as info:
        make(np.zeros(2), np.array([[1.0, 0.0], [0.0, np.nan]]))
    assert info.value.asset == "B"
    with pytest.raises(DataError, match="asset 'A' appears twice"):
        make(np.zeros(2), np.eye(2), ("A", "A"))
    with pytest.raises(EstimationError, match="not symmetric"):
        make(np.zeros(2), np.array([[1.0, 0.5], [0.0, 1.0]]))
    with pytest.raises(
        EstimationError, match=r"not positive semidefinite \(smallest eigenvalue -1\)"
    ):
        make(np.zeros(2), np.array([[1.0, 2.0], [2.0, 1.0]]))
    with pytest.raises(DataError, match="periods_per_year must be a positive number"):
        PortfolioProblem(assets=("A",), mu=np.zeros(1), Sigma=np.eye(1), periods_per_year=0.0)
    with pytest.raises(DataError, match="needs a PortfolioProblem or a ReturnDistribution"):
        optimize_portfolio(np.eye(2), MinVariance())  # type: ignore[arg-type]


def test_covariance_factor_reproduces_sigma() -> None:
    Sigma = random_problem(3, 9).Sigma
    F = covariance_factor(Sigma)
    np.testing.assert_allclose(F.T @ F, Sigma, rtol=1e-10, atol=1e-16)
    singular = np.outer([1.0, 2.0], [1.0, 2.0])  # rank one: a zero eigenvalue
    G = covariance_factor(singular)
    np.testing.assert_allclose(G.T @ G, singular, atol=1e-12)


def test_snapping_sets_noise_onto_the_bounds_and_rejects_real_violations() -> None:
    lower, upper = np.zeros(3), np.full(3, 0.5)
    snapped = snap_to_bounds(np.array([-3e-7, 0.25, 0.5 + 1e-10]), lower, upper)
    assert snapped.tolist() == [0.0, 0.25, 0.5]
    with pytest.raises(SolverError, match=r"weight -0.001 for asset number 0 breaks its bounds"):
        snap_to_bounds(np.array([-1e-3, 0.5, 0.5]), lower, upper)


@pytest.mark.parametrize("shift", [0.0, -0.5e-10, -2e-10, -1e-6])
def test_the_psd_check_is_the_eigenvalue_criterion(shift: float) -> None:
    """Accepted exactly when the smallest eigenvalue is >= -1e-10 x max|Sigma| (rank-one matrices,
    singular but PSD, included), as numpy's eigenvalues say."""
    rng = np.random.default_rng(7)
    v = rng.normal(size=(5, 1))
    Q, _ = np.linalg.qr(rng.normal(size=(5, 5)))
    eigenvalues = np.array([shift, 0.3, 0.5, 1.0, 2.0])
    Sigma = (Q * eigenvalues) @ Q.T
    scale = float(np.abs(Sigma).max())
    accepted = float(np.linalg.eigvalsh(Sigma).min()) >= -1e-10 * scale
    build = partial(PortfolioProblem, assets=tuple("ABCDE"), mu=np.zeros(5), periods_per_year=252.0)
    if accepted:
        build(Sigma=Sigma)
    else:
        with pytest.raises(EstimationError, match="not positive semidefinite"):
            build(Sigma=Sigma)
    build(Sigma=v @ v.T)  # rank one

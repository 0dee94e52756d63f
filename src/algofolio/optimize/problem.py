"""The data an optimiser sees: asset names, mean and covariance **per period**, periods per year.

Means and covariances stay per period inside the optimiser; annual targets (return, volatility,
risk-free rate) are converted once with ``periods_per_year`` (see :mod:`algofolio.core.frequency`).

>>> import numpy as np
>>> problem = PortfolioProblem(
...     assets=("A", "B"), mu=np.array([0.001, 0.002]), Sigma=np.diag([1e-4, 4e-4]),
...     periods_per_year=252.0,
... )
>>> problem.n_assets
2
>>> covariance_factor(problem.Sigma).round(4).tolist()
[[0.01, 0.0], [0.0, 0.02]]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from algofolio.core.distribution import ReturnDistribution
from algofolio.core.errors import DataError, EstimationError
from algofolio.core.frequency import resolve_periods_per_year
from algofolio.optimize._threads import one_blas_thread

__all__ = [
    "PortfolioProblem",
    "covariance_factor",
    "problem_from_distribution",
    "problem_from_returns",
]

SYMMETRY_TOLERANCE = 1e-10
"""Largest ``|Sigma - Sigma.T|`` accepted, relative to ``max |Sigma|``."""

PSD_TOLERANCE = 1e-10
"""Smallest eigenvalue accepted, as ``-PSD_TOLERANCE * max |Sigma|`` (rounding of sample estimates)."""


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class PortfolioProblem:
    """Checked inputs of a mean-variance problem: ``mu`` ``(n,)`` and ``Sigma`` ``(n, n)`` per period.

    Raises :class:`DataError` for mismatched shapes, duplicate assets or non-finite values and
    :class:`EstimationError` for a covariance that is not symmetric positive semidefinite.

    ``scenarios`` (optional) are ``T x n`` simple returns per period (``T >= 1``, finite) for the
    scenario-based objectives (CVaR, semivariance); stored as a read-only float copy.
    """

    assets: tuple[str, ...]
    mu: np.ndarray
    Sigma: np.ndarray
    periods_per_year: float
    scenarios: np.ndarray | None = None

    def __post_init__(self) -> None:
        assets = tuple(str(a) for a in self.assets)
        mu = np.asarray(self.mu, dtype=float)
        Sigma = np.asarray(self.Sigma, dtype=float)
        n = len(assets)
        if n == 0:
            raise DataError("a portfolio problem needs at least one asset")
        if len(set(assets)) < n:
            dup = next(a for i, a in enumerate(assets) if a in assets[:i])
            raise DataError(f"asset {dup!r} appears twice", asset=dup)
        if mu.shape != (n,) or Sigma.shape != (n, n):
            raise DataError(
                f"mu must have shape ({n},) and Sigma ({n}, {n}) for {n} assets, "
                f"got {mu.shape} and {Sigma.shape}"
            )
        for name, values in (("mu", mu), ("Sigma", Sigma)):
            bad = ~np.isfinite(values)
            if bad.any():
                column = int(np.flatnonzero(bad.reshape(-1, n).any(axis=0))[0])
                raise DataError(
                    f"{name} of asset {assets[column]!r} is not finite", asset=assets[column]
                )
        scale = max(float(np.abs(Sigma).max()), np.finfo(float).tiny)
        if float(np.abs(Sigma - Sigma.T).max()) > SYMMETRY_TOLERANCE * scale:
            raise EstimationError("the covariance matrix Sigma is not symmetric")
        _check_psd((Sigma + Sigma.T) / 2, scale)
        object.__setattr__(self, "assets", assets)
        object.__setattr__(self, "mu", mu)
        object.__setattr__(self, "Sigma", (Sigma + Sigma.T) / 2)
        periods = float(self.periods_per_year)
        if not math.isfinite(periods) or periods <= 0:
            raise DataError(f"periods_per_year must be a positive number, got {periods!r}")
        object.__setattr__(self, "periods_per_year", periods)
        if self.scenarios is not None:
            object.__setattr__(self, "scenarios", _checked_scenarios(self.scenarios, assets))

    @property
    def n_assets(self) -> int:
        """Number of assets ``n``."""
        return len(self.assets)

    @property
    def variance_scale(self) -> float:
        """The mean asset variance (1 when every variance is 0): models divide variances by it, and
        returns by its square root, so that solver tolerances act on numbers of order 1."""
        scale = float(np.mean(np.diag(self.Sigma)))
        return scale if scale > 0 else 1.0


@one_blas_thread
def _check_psd(Sigma: np.ndarray, scale: float) -> None:
    """:class:`EstimationError` unless the smallest eigenvalue of ``Sigma`` is at least
    ``-PSD_TOLERANCE * scale``: tried first as a Cholesky factorisation of ``Sigma`` shifted by that
    tolerance (it succeeds exactly then, and costs a fraction of an eigendecomposition); the
    eigenvalues are computed only to word the error."""
    shifted = Sigma + np.eye(len(Sigma)) * (PSD_TOLERANCE * scale)
    try:
        np.linalg.cholesky(shifted)
    except np.linalg.LinAlgError:
        smallest = float(np.linalg.eigvalsh(Sigma).min())
        if smallest < -PSD_TOLERANCE * scale:
            raise EstimationError(
                f"the covariance matrix Sigma is not positive semidefinite "
                f"(smallest eigenvalue {smallest:.3g})"
            ) from None


def _checked_scenarios(scenarios: np.ndarray, assets: tuple[str, ...]) -> np.ndarray:
    """``scenarios`` as a read-only ``(T, n)`` float copy; :class:`DataError` naming the asset and
    row of a non-finite value, or for a wrong shape or no rows."""
    values = np.array(scenarios, dtype=float, copy=True)
    n = len(assets)
    if values.ndim != 2 or values.shape[1] != n:
        raise DataError(f"scenarios must have shape (T, {n}) for {n} assets, got {values.shape}")
    if values.shape[0] < 1:
        raise DataError("scenarios need at least one row")
    bad = ~np.isfinite(values)
    if bad.any():
        row, column = (int(i) for i in np.argwhere(bad)[0])
        raise DataError(
            f"scenario row {row} of asset {assets[column]!r} is not finite", asset=assets[column]
        )
    values.flags.writeable = False
    return values


def covariance_factor(Sigma: np.ndarray) -> np.ndarray:
    """A matrix ``F`` ``(n, n)`` with ``F.T @ F == Sigma`` (symmetric square root; PSD ``Sigma``).

    ``||F @ w||_2`` is the volatility of weights ``w``; negative rounding eigenvalues are set to 0.
    """
    eigenvalues, vectors = np.linalg.eigh(Sigma)
    root = np.sqrt(np.clip(eigenvalues, 0.0, None))
    factor: np.ndarray = (vectors * root) @ vectors.T
    return factor


def problem_from_distribution(distribution: ReturnDistribution) -> PortfolioProblem:
    """The :class:`PortfolioProblem` of a :class:`~algofolio.core.ReturnDistribution` (its
    per-period ``mu`` and covariance, and its scenarios when it has them).

    >>> from algofolio.core.distribution import ReturnDistribution
    >>> dist = ReturnDistribution(
    ...     assets=("A",), mu=np.array([0.01]), covariance=np.eye(1), periods_per_year=12.0
    ... )
    >>> problem_from_distribution(dist).periods_per_year
    12.0
    """
    return PortfolioProblem(
        assets=tuple(distribution.assets),
        mu=distribution.mu,
        Sigma=distribution.covariance,
        periods_per_year=distribution.periods_per_year,
        scenarios=distribution.scenarios,
    )


def problem_from_returns(
    returns: pd.DataFrame, X: np.ndarray, periods_per_year: float | None = None
) -> PortfolioProblem:
    """Sample mean and sample covariance (``ddof=1``) of returns ``X`` (periods x assets, finite,
    the values of ``returns``), with ``X`` kept as the scenarios; ``periods_per_year`` is inferred
    from the index when ``None``.

    Raises :class:`EstimationError` for fewer than two periods.

    >>> returns = pd.DataFrame({"A": [0.01, 0.03], "B": [0.02, 0.0]})
    >>> problem = problem_from_returns(returns, returns.to_numpy(), periods_per_year=12)
    >>> problem.mu.tolist(), problem.Sigma.round(6).tolist()
    ([0.02, 0.01], [[0.0002, -0.0002], [-0.0002, 0.0002]])
    """
    if X.shape[0] < 2:
        raise EstimationError(f"mean-variance needs at least 2 returns per asset, got {X.shape[0]}")
    periods = resolve_periods_per_year(returns.index, periods_per_year)
    return PortfolioProblem(
        assets=tuple(str(c) for c in returns.columns),
        mu=X.mean(axis=0),
        Sigma=np.atleast_2d(np.cov(X, rowvar=False, ddof=1)),
        periods_per_year=periods,
        scenarios=X,
    )

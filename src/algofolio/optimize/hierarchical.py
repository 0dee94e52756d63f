"""Hierarchical risk parity (López de Prado, 2016): cluster, order, then split risk top-down.

1. Distance ``d_ij = sqrt((1 - rho_ij) / 2)`` from the correlations of the covariance;
2. hierarchical clustering of ``d`` (:func:`scipy.cluster.hierarchy.linkage`, condensed distances);
3. quasi-diagonal order: the dendrogram's leaves from left to right;
4. recursive bisection: the ordered list is cut in halves (the left gets ``floor(n / 2)``), each half
   is priced at the variance of its inverse-variance portfolio ``V_L``, ``V_R``, and the halves get
   ``alpha = 1 - V_L / (V_L + V_R)`` and ``1 - alpha`` of their parent's weight.

The weights are long only and fully invested. PyPortfolioOpt's ``HRPOpt`` computes the same, and so
does skfolio's ``HierarchicalRiskParity`` with the variance, the Pearson distance, the same linkage
and ``optimal_ordering=False`` (its default reorders the leaves, which changes the halves).

>>> import numpy as np
>>> problem = PortfolioProblem(
...     assets=("A", "B"), mu=np.zeros(2), Sigma=np.diag([0.01, 0.04]), periods_per_year=252.0
... )
>>> hierarchical_risk_parity(problem).weights.round(6).to_dict()  # two assets: inverse variance
{'A': 0.8, 'B': 0.2}
"""

from __future__ import annotations

from typing import Literal, Self

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import leaves_list
from scipy.cluster.hierarchy import linkage as scipy_linkage
from scipy.spatial.distance import squareform

from algofolio.allocate.base import Allocator
from algofolio.core.distribution import ReturnDistribution
from algofolio.core.errors import DataError
from algofolio.core.options import check_option
from algofolio.optimize._allocation import as_problem, asset_volatilities, fit_problem
from algofolio.optimize.figures import variance_result
from algofolio.optimize.problem import PortfolioProblem
from algofolio.optimize.result import OptimizationResult

__all__ = [
    "HierarchicalRiskParity",
    "LinkageMethod",
    "correlation_distance",
    "hierarchical_risk_parity",
    "quasi_diagonal_order",
    "recursive_bisection",
]

LinkageMethod = Literal["single", "complete", "average", "ward"]
"""How clusters are merged (scipy's names): nearest pair, farthest pair, mean distance, or least
increase of within-cluster variance."""


def correlation_distance(Sigma: np.ndarray, volatilities: np.ndarray) -> np.ndarray:
    """Condensed distances ``sqrt((1 - rho_ij) / 2)`` for ``i < j`` (the order of
    :func:`scipy.spatial.distance.squareform`), ``rho`` from ``Sigma`` and its ``volatilities``."""
    correlation = squareform(Sigma / np.outer(volatilities, volatilities), checks=False)
    distance: np.ndarray = np.sqrt(np.clip((1.0 - correlation) / 2.0, 0.0, 1.0))
    return distance


def quasi_diagonal_order(distance: np.ndarray, n_assets: int, linkage: LinkageMethod) -> np.ndarray:
    """Asset positions ``(n,)`` in the left-to-right leaf order of the dendrogram of condensed
    ``distance`` (the order that puts the covariance closest to block diagonal)."""
    if n_assets < 2:
        return np.arange(n_assets)
    order: np.ndarray = leaves_list(scipy_linkage(distance, method=linkage))
    return order


def recursive_bisection(Sigma: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Weights ``(n,)`` (in the assets' own order, summing to 1) from bisecting ``order`` (see the
    module docstring); every variance on the diagonal of ``Sigma`` must be positive.

    Raises :class:`DataError` when both halves of a cluster are riskless (perfect hedges).
    """
    ordered = Sigma.take(order, axis=0).take(order, axis=1)
    inverse = 1.0 / np.diag(ordered)
    scaled = ordered * np.outer(inverse, inverse)  # block sums: unnormalised cluster variances

    def variance(start: int, stop: int) -> float:
        total = float(inverse[start:stop].sum())
        return float(scaled[start:stop, start:stop].sum()) / (total * total)

    weights = np.ones(len(order))
    clusters = [(0, len(order))]
    while clusters:
        halves: list[tuple[int, int]] = []
        for start, stop in clusters:
            if stop - start < 2:
                continue
            middle = start + (stop - start) // 2
            left, right = variance(start, middle), variance(middle, stop)
            if not left + right > 0:
                raise DataError(
                    "hierarchical risk parity: the inverse-variance portfolios of assets at "
                    f"positions {sorted(order[start:stop].tolist())} are riskless; no split exists"
                )
            alpha = 1.0 - left / (left + right)
            weights[start:middle] *= alpha
            weights[middle:stop] *= 1.0 - alpha
            halves += [(start, middle), (middle, stop)]
        clusters = halves
    result = np.empty(len(order))
    result[order] = weights
    return result


def hierarchical_risk_parity(
    data: PortfolioProblem | ReturnDistribution,
    *,
    linkage: LinkageMethod = "single",
    correlation: pd.DataFrame | None = None,
) -> OptimizationResult:
    """Hierarchical-risk-parity weights from the covariance of ``data`` (see the module docstring).

    The clusters come from the correlations of that covariance, or from ``correlation`` (assets x
    assets, e.g. the pairwise-complete ``returns.corr()`` of assets listed at different dates, as
    PyPortfolioOpt's ``HRPOpt`` uses). ``objective_value`` is the portfolio's annualised variance;
    ``solver`` is ``'HRP'``. Raises :class:`ConfigError` for an unknown ``linkage``,
    :class:`DataError` naming an asset with zero variance or missing from ``correlation``.
    """
    check_option(linkage, LinkageMethod, "linkage")
    problem = as_problem(data, "hierarchical_risk_parity")
    volatilities = asset_volatilities(problem, "hierarchical risk parity")
    if correlation is None:
        distance = correlation_distance(problem.Sigma, volatilities)
    else:
        rho = _aligned_correlation(correlation, problem.assets)
        distance = correlation_distance(rho, np.ones(problem.n_assets))
    order = quasi_diagonal_order(distance, problem.n_assets, linkage)
    return variance_result(problem, recursive_bisection(problem.Sigma, order), "HRP")


def _aligned_correlation(correlation: pd.DataFrame, assets: tuple[str, ...]) -> np.ndarray:
    """``correlation`` over ``assets`` (both axes), checked finite."""
    for asset in assets:
        if asset not in correlation.index or asset not in correlation.columns:
            raise DataError(
                f"the correlation matrix has no row or column for {asset!r}", asset=asset
            )
    rho = correlation.loc[list(assets), list(assets)].to_numpy(dtype=float)
    if not np.isfinite(rho).all():
        i = int(np.flatnonzero(~np.isfinite(rho).all(axis=0))[0])
        raise DataError(f"the correlations of {assets[i]!r} are not all finite", asset=assets[i])
    return rho


class HierarchicalRiskParity(Allocator):
    """Hierarchical-risk-parity weights (:func:`hierarchical_risk_parity`) from the sample
    covariance (``ddof=1``) of the returns, or from a return distribution.

    ``fit`` sets ``weights_`` and ``result_`` (:class:`OptimizationResult`) and returns ``self``.

    >>> rng = np.random.default_rng(0)
    >>> returns = pd.DataFrame(rng.normal(0.0, [0.01, 0.02], size=(500, 2)), columns=["A", "B"])
    >>> HierarchicalRiskParity(periods_per_year=252).fit(returns).weights_.round(2).to_dict()
    {'A': 0.79, 'B': 0.21}
    """

    result_: OptimizationResult

    def __init__(
        self, linkage: LinkageMethod = "single", *, periods_per_year: float | None = None
    ) -> None:
        self.linkage = linkage
        self.periods_per_year = periods_per_year

    def fit(self, returns: pd.DataFrame | ReturnDistribution, y: None = None) -> Self:
        """Allocate on ``returns`` (dates x assets, simple, complete) or a return distribution."""
        check_option(self.linkage, LinkageMethod, "HierarchicalRiskParity.linkage")
        problem = fit_problem(returns, self.periods_per_year, "HierarchicalRiskParity.fit")
        self.result_ = hierarchical_risk_parity(problem, linkage=self.linkage)
        self.weights_ = self.result_.weights
        return self

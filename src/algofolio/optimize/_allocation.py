"""Plumbing shared by the risk-based allocations (risk budgets, hierarchical risk parity): their
inputs, the asset volatilities they divide by, and the result they report."""

from __future__ import annotations

import numpy as np
import pandas as pd

from algofolio.allocate.base import check_returns
from algofolio.core.distribution import ReturnDistribution
from algofolio.core.errors import DataError
from algofolio.optimize.problem import (
    PortfolioProblem,
    problem_from_distribution,
    problem_from_returns,
)

__all__ = ["as_problem", "asset_volatilities", "fit_problem"]


def as_problem(data: PortfolioProblem | ReturnDistribution, caller: str) -> PortfolioProblem:
    """``data`` as a :class:`PortfolioProblem`; :class:`DataError` naming ``caller`` otherwise."""
    if isinstance(data, PortfolioProblem):
        return data
    if isinstance(data, ReturnDistribution):
        return problem_from_distribution(data)
    raise DataError(
        f"{caller} needs a PortfolioProblem or a ReturnDistribution, got {type(data).__name__}"
    )


def fit_problem(
    data: pd.DataFrame | ReturnDistribution, periods_per_year: float | None, caller: str
) -> PortfolioProblem:
    """The problem an allocator fits on: sample moments (``ddof=1``) of a returns frame (dates x
    assets) or the moments of a return distribution."""
    if isinstance(data, pd.DataFrame):
        return problem_from_returns(data, check_returns(data), periods_per_year)
    if isinstance(data, ReturnDistribution):
        return problem_from_distribution(data)
    raise DataError(
        f"{caller} needs a returns DataFrame or a return distribution, got {type(data).__name__}"
    )


def asset_volatilities(problem: PortfolioProblem, method: str) -> np.ndarray:
    """Per-period volatilities ``sqrt(diag Sigma)`` ``(n,)``, all positive.

    Raises :class:`DataError` naming the first asset whose variance is 0 (``method`` divides by it).
    """
    variances = np.diag(problem.Sigma)
    flat = np.flatnonzero(~(variances > 0))
    if flat.size:
        asset = problem.assets[int(flat[0])]
        raise DataError(
            f"asset {asset!r} has zero variance; {method} divides by each asset's risk",
            asset=asset,
        )
    volatilities: np.ndarray = np.sqrt(variances)
    return volatilities

"""Maximum diversification (Choueifaty and Coignard, 2008): maximise the diversification ratio
``D(w) = sigma' w / sqrt(w' Sigma w)``, ``sigma = sqrt(diag Sigma)`` the asset volatilities.

``D`` is the Sharpe ratio with the volatilities in place of the expected returns and no risk-free
rate, so :class:`MaxDiversification` is solved like :class:`~algofolio.optimize.MaxSharpe`, by the
homogenising transform ``y = k w`` (``k >= 0``): minimise ``y' Sigma y`` subject to
``sigma' y = 1`` and every constraint made homogeneous in ``k``. ``D`` has no units: the same per
period and annualised.

>>> import numpy as np
>>> round(diversification_ratio(np.array([0.5, 0.5]), np.diag([0.04, 0.04])), 10)  # sqrt(2)
1.4142135624
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

import cvxpy as cp
import numpy as np
import pandas as pd

from algofolio.core.errors import DataError, InfeasibleError
from algofolio.optimize._cvx import psd_wrap, quad_form
from algofolio.optimize.constraints import Scale
from algofolio.optimize.objectives import Attainable
from algofolio.optimize.problem import PortfolioProblem

__all__ = ["MaxDiversification", "diversification_ratio"]


def diversification_ratio(
    weights: np.ndarray | pd.Series, Sigma: np.ndarray | pd.DataFrame
) -> float:
    """``sigma' w / sqrt(w' Sigma w)`` of ``weights`` ``(n,)`` under covariance ``Sigma``
    ``(n, n)`` (a ``Series`` and a ``DataFrame`` are aligned on the weights' assets).

    Raises :class:`DataError` for mismatched shapes or assets, or weights with zero variance.
    """
    if isinstance(weights, pd.Series) and isinstance(Sigma, pd.DataFrame):
        missing = [a for a in weights.index if a not in Sigma.index or a not in Sigma.columns]
        if missing:
            raise DataError(
                f"Sigma has no row or column for asset {missing[0]!r}", asset=missing[0]
            )
        Sigma = Sigma.loc[weights.index, weights.index]
    w = np.asarray(weights, dtype=float)
    S = np.asarray(Sigma, dtype=float)
    if w.ndim != 1 or S.shape != (len(w), len(w)):
        raise DataError(f"weights of shape {w.shape} do not match Sigma of shape {S.shape}")
    variance = float(w @ S @ w)
    if not variance > 0:
        raise DataError("the portfolio has zero variance: the diversification ratio is undefined")
    return float(w @ np.sqrt(np.clip(np.diag(S), 0.0, None))) / math.sqrt(variance)


@dataclass(frozen=True, kw_only=True, slots=True)
class MaxDiversification:
    """Maximise the diversification ratio ``sigma' w / sqrt(w' Sigma w)``; needs a
    :class:`~algofolio.optimize.Budget` with a nonzero total (the ratio does not fix the scale).
    ``value`` is the diversification ratio (no units)."""

    homogeneous: ClassVar[bool] = True

    def describe(self) -> str:
        return "max diversification ratio"

    def check(self, problem: PortfolioProblem) -> None:
        if not (np.diag(problem.Sigma) > 0).any():
            raise InfeasibleError(
                "max diversification: every asset has zero variance; the ratio is undefined"
            )

    def build(
        self, w: cp.Variable, scale: Scale, problem: PortfolioProblem
    ) -> tuple[Any, list[Any]]:
        unit = problem.variance_scale
        volatilities = np.sqrt(np.clip(np.diag(problem.Sigma), 0.0, None) / unit)
        variance = quad_form(w, psd_wrap(problem.Sigma / unit))
        return cp.Minimize(variance), [w @ volatilities == 1, scale >= 0]

    def value(self, weights: np.ndarray, problem: PortfolioProblem) -> float:
        return diversification_ratio(weights, problem.Sigma)

    def explain(self, attainable: Attainable) -> str:
        return ""

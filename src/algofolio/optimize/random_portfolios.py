"""Random long-only, fully invested portfolios: the cloud under an efficient frontier.

Weights are drawn from a symmetric Dirichlet distribution (``concentration`` ``alpha`` for every
asset): ``alpha = 1`` is uniform over the simplex, ``alpha < 1`` favours concentrated portfolios (a
few assets hold most of the weight), ``alpha > 1`` favours portfolios near equal weight. Each one's
figures follow :class:`~algofolio.optimize.OptimizationResult`'s conventions: expected return
``mu' w * periods_per_year``, volatility ``sqrt(w' Sigma w * periods_per_year)``, Sharpe ratio
``(mu' w - rf) / sqrt(w' Sigma w) * sqrt(periods_per_year)`` with ``rf`` the per-period equivalent
of the annual ``risk_free_rate`` (0 for a riskless portfolio). All portfolios are computed at once
(no loop over portfolios).

>>> import numpy as np
>>> from algofolio.optimize import PortfolioProblem
>>> problem = PortfolioProblem(assets=("A", "B"), mu=np.array([0.0004, 0.0008]),
...                            Sigma=np.diag([1e-4, 4e-4]), periods_per_year=252.0)
>>> cloud = random_portfolios(problem, 3, seed=1)
>>> list(cloud.columns), cloud.shape
(['expected_return', 'volatility', 'sharpe', 'A', 'B'], (3, 5))
>>> bool(np.allclose(cloud[["A", "B"]].sum(axis=1), 1.0))
True
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from algofolio.core.distribution import ReturnDistribution
from algofolio.core.errors import ConfigError, DataError
from algofolio.core.frequency import check_annual_rate, per_period_rate
from algofolio.optimize._values import check_unreserved
from algofolio.optimize.problem import PortfolioProblem, problem_from_distribution

__all__ = ["FIGURE_COLUMNS", "random_portfolios"]

FIGURE_COLUMNS = ("expected_return", "volatility", "sharpe")
"""The annual figures of each portfolio, before the weight columns."""


def random_portfolios(
    data: PortfolioProblem | ReturnDistribution,
    count: int,
    *,
    seed: int | None = 0,
    concentration: float = 1.0,
    risk_free_rate: float = 0.0,
) -> pd.DataFrame:
    """``count`` random long-only, fully invested portfolios of ``data``'s assets.

    Returns a frame with ``count`` rows (index ``0..count-1`` named ``portfolio``) and the columns
    ``expected_return``, ``volatility``, ``sharpe`` (annual), then one weight column per asset
    (each row sums to 1). ``seed`` fixes the draw (``None``: fresh entropy); ``concentration`` is
    the Dirichlet parameter (> 0); ``risk_free_rate`` is annual.

    Raises :class:`ConfigError` naming ``count``, ``concentration`` or ``risk_free_rate``.
    """
    problem = _as_problem(data)
    check_unreserved(problem.assets, FIGURE_COLUMNS, "random_portfolios")
    count = _check_count(count)
    alpha = _check_concentration(concentration)
    rate = check_annual_rate(risk_free_rate, "risk_free_rate")
    rf = per_period_rate(rate, problem.periods_per_year)
    rng = np.random.default_rng(seed)
    weights = rng.dirichlet(np.full(problem.n_assets, alpha), size=count)
    periods = problem.periods_per_year
    mean = weights @ problem.mu
    variance = np.maximum(np.einsum("ij,ij->i", weights @ problem.Sigma, weights), 0.0)
    std = np.sqrt(variance)
    sharpe = np.divide((mean - rf) * math.sqrt(periods), std, out=np.zeros_like(std), where=std > 0)
    figures = np.column_stack([mean * periods, std * math.sqrt(periods), sharpe])
    columns = [*FIGURE_COLUMNS, *problem.assets]
    index = pd.RangeIndex(count, name="portfolio")
    return pd.DataFrame(np.hstack([figures, weights]), index=index, columns=columns)


def _as_problem(data: PortfolioProblem | ReturnDistribution) -> PortfolioProblem:
    if isinstance(data, PortfolioProblem):
        return data
    if isinstance(data, ReturnDistribution):
        return problem_from_distribution(data)
    raise DataError(
        f"random_portfolios needs a PortfolioProblem or a ReturnDistribution, "
        f"got {type(data).__name__}"
    )


def _check_count(count: int) -> int:
    if isinstance(count, bool) or not isinstance(count, int | np.integer) or count < 1:
        raise ConfigError(f"count must be a whole number >= 1, got {count!r}", key="count")
    return int(count)


def _check_concentration(concentration: float) -> float:
    if isinstance(concentration, bool) or not isinstance(
        concentration, int | float | np.floating | np.integer
    ):
        raise ConfigError(
            f"concentration must be a number > 0, got {concentration!r}", key="concentration"
        )
    alpha = float(concentration)
    if not math.isfinite(alpha) or alpha <= 0:
        raise ConfigError(
            f"concentration must be finite and > 0, got {alpha!r}", key="concentration"
        )
    return alpha

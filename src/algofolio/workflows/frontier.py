"""The efficient frontier of a price file (the ``algofolio frontier`` use case): the frontier, a
cloud of random portfolios and each asset's own figures, all from one estimated distribution.

Moments are those of :func:`algofolio.workflows.optimization.estimate_distribution` (historical
mean, chosen covariance, per period); every figure reported is annual.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from algofolio.core.distribution import ReturnDistribution
from algofolio.core.errors import ConfigError
from algofolio.optimize import DEFAULT_CONSTRAINTS, Constraint
from algofolio.optimize.frontier import EfficientFrontier, efficient_frontier
from algofolio.optimize.random_portfolios import random_portfolios
from algofolio.returns import simple_returns
from algofolio.workflows.optimization import CovarianceChoice, estimate_distribution

__all__ = ["FrontierRun", "asset_figures", "frontier_of_prices"]


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class FrontierRun:
    """The ``frontier``, the random ``cloud`` (``None`` when none was asked for; see
    ``optimize.random_portfolios``), the single ``assets``' figures (:func:`asset_figures`) and the
    ``distribution`` they all come from."""

    frontier: EfficientFrontier
    cloud: pd.DataFrame | None
    assets: pd.DataFrame
    distribution: ReturnDistribution


def asset_figures(distribution: ReturnDistribution) -> pd.DataFrame:
    """Each asset alone (index: asset): annual ``expected_return`` (``mu * periods``) and
    ``volatility`` (``sqrt(var * periods)``).

    >>> dist = ReturnDistribution(assets=("A",), mu=np.array([0.001]),
    ...                           covariance=np.array([[1e-4]]), periods_per_year=100.0)
    >>> asset_figures(dist).round(6).to_dict("index")
    {'A': {'expected_return': 0.1, 'volatility': 0.1}}
    """
    periods = distribution.periods_per_year
    frame = pd.DataFrame(
        {
            "expected_return": distribution.mu * periods,
            "volatility": np.sqrt(np.clip(np.diag(distribution.covariance), 0.0, None) * periods),
        },
        index=pd.Index(distribution.assets, name="asset"),
    )
    return frame


def frontier_of_prices(
    prices: pd.DataFrame,
    points: int = 50,
    *,
    random: int = 0,
    constraints: Sequence[Constraint] | None = None,
    risk_free_rate: float = 0.0,
    covariance: CovarianceChoice = "sample",
    seed: int | None = 0,
    periods_per_year: float | None = None,
) -> FrontierRun:
    """The efficient frontier of ``prices`` (dates x assets) with ``points`` points, and ``random``
    random long-only, fully invested portfolios (0: none) drawn with ``seed``.

    ``constraints`` default to fully invested, long only; ``risk_free_rate`` (annual) sets the
    max-Sharpe portfolio and the Sharpe ratios. Raises :class:`ConfigError` for a negative
    ``random``; the optimiser's errors otherwise.
    """
    if isinstance(random, bool) or not isinstance(random, int) or random < 0:
        raise ConfigError(f"random must be a whole number >= 0, got {random!r}", key="random")
    distribution = estimate_distribution(
        simple_returns(prices), covariance=covariance, periods_per_year=periods_per_year
    )
    frontier = efficient_frontier(
        distribution,
        points,
        constraints=tuple(DEFAULT_CONSTRAINTS if constraints is None else constraints),
        risk_free_rate=risk_free_rate,
    )
    cloud = None
    if random > 0:
        cloud = random_portfolios(distribution, random, seed=seed, risk_free_rate=risk_free_rate)
    return FrontierRun(
        frontier=frontier,
        cloud=cloud,
        assets=asset_figures(distribution),
        distribution=distribution,
    )

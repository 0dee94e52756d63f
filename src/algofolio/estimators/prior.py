"""The empirical prior: a :class:`~algofolio.core.ReturnDistribution` from a return history.

skfolio's ``EmpiricalPrior`` shape: the mean and covariance estimators are injected (historical
mean and pairwise sample covariance by default, built in ``fit``); the scenarios are the returns
of the common window (the dates on which every asset has a return).

>>> import numpy as np, pandas as pd
>>> returns = pd.DataFrame({"A": [0.01, -0.02, 0.03], "B": [0.0, 0.01, 0.02]},
...                        index=pd.bdate_range("2024-01-01", periods=3))
>>> dist = EmpiricalPrior().fit(returns).distribution_
>>> dist.assets, dist.mu.round(6).tolist(), dist.periods_per_year, dist.scenarios.shape
(('A', 'B'), [0.006667, 0.01], 252.0, (3, 2))
"""

from __future__ import annotations

from typing import Self

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, clone

from algofolio.core.distribution import ReturnDistribution
from algofolio.core.frequency import resolve_periods_per_year
from algofolio.estimators._history import check_return_history
from algofolio.estimators.base import CovarianceEstimator, ExpectedReturnsEstimator
from algofolio.estimators.mean import HistoricalMean
from algofolio.estimators.sample import SampleCovariance

__all__ = ["EmpiricalPrior"]


class EmpiricalPrior(BaseEstimator):  # type: ignore[misc]  # sklearn ships no type stubs
    """``fit(returns) -> self`` sets ``distribution_`` (per period) from ``mu_estimator``
    (:class:`HistoricalMean` by default) and ``covariance_estimator`` (:class:`SampleCovariance`
    by default); ``periods_per_year`` is inferred from the dates when ``None``."""

    distribution_: ReturnDistribution
    mu_estimator_: ExpectedReturnsEstimator
    covariance_estimator_: CovarianceEstimator

    def __init__(
        self,
        mu_estimator: ExpectedReturnsEstimator | None = None,
        covariance_estimator: CovarianceEstimator | None = None,
        periods_per_year: float | None = None,
    ) -> None:
        self.mu_estimator = mu_estimator
        self.covariance_estimator = covariance_estimator
        self.periods_per_year = periods_per_year

    def fit(self, returns: pd.DataFrame, y: None = None) -> Self:
        """Set ``distribution_`` from ``returns`` (dates x assets, simple returns)."""
        history = check_return_history(returns, min_periods=2)
        periods = resolve_periods_per_year(returns.index, self.periods_per_year)
        self.mu_estimator_ = clone(self.mu_estimator or HistoricalMean()).fit(returns)
        self.covariance_estimator_ = clone(self.covariance_estimator or SampleCovariance()).fit(
            returns
        )
        assets = list(history.assets)
        mu = self.mu_estimator_.mu_.reindex(assets).to_numpy(dtype=np.float64)
        covariance = self.covariance_estimator_.covariance_.reindex(index=assets, columns=assets)
        self.distribution_ = ReturnDistribution(
            assets=history.assets,
            mu=mu,
            covariance=covariance.to_numpy(dtype=np.float64),
            periods_per_year=periods,
            scenarios=history.common_window(type(self).__name__),
        )
        return self

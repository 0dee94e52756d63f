"""The return distribution an optimiser sees: expected returns, covariance and return scenarios.

Estimators (layer L2) produce a :class:`ReturnDistribution`; optimisers (L3) read it. Everything is
**per period** (the data's frequency); ``periods_per_year`` says how to annualise: the mean
arithmetically (``mu * periods_per_year``) and the covariance linearly (``Sigma * periods_per_year``).
Arrays are copied and made read-only, so a distribution cannot change after it is built.

>>> import numpy as np
>>> dist = ReturnDistribution(
...     assets=("A", "B"),
...     mu=np.array([0.001, 0.002]),
...     covariance=np.array([[1e-4, 2e-5], [2e-5, 4e-4]]),
...     periods_per_year=252.0,
... )
>>> dist.n_assets, dist.mu.flags.writeable
(2, False)
>>> dist.annualized().mu_series().round(3).to_dict()
{'A': 0.252, 'B': 0.504}
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from algofolio.core.errors import DataError

__all__ = ["ReturnDistribution"]

_SYMMETRY_TOLERANCE = 1e-10  # relative to the largest absolute entry


def _frozen(values: np.ndarray) -> np.ndarray:
    array = np.array(values, dtype=np.float64, copy=True)
    array.flags.writeable = False
    return array


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class ReturnDistribution:
    """Per-period moments of ``n`` assets and, optionally, the ``T x n`` return scenarios used
    (keyword-only fields).

    * ``assets``: ``n`` unique asset names, the order of every array;
    * ``mu``: ``(n,)`` expected simple returns per period;
    * ``covariance``: ``(n, n)`` symmetric covariance per period;
    * ``scenarios``: ``(T, n)`` returns (finite, complete rows) for scenario-based risk measures
      (CVaR, semivariance), or ``None``;
    * ``periods_per_year``: periods in a year (252 for trading days).

    Raises :class:`DataError` for a shape mismatch, a non-finite value or an asymmetric covariance
    (naming the asset).
    """

    assets: tuple[str, ...]
    mu: np.ndarray
    covariance: np.ndarray
    periods_per_year: float
    scenarios: np.ndarray | None = None

    def __post_init__(self) -> None:
        assets = tuple(str(a) for a in self.assets)
        if len(set(assets)) < len(assets):
            dup = next(a for i, a in enumerate(assets) if a in assets[:i])
            raise DataError(f"asset {dup!r} appears twice in the distribution", asset=dup)
        n = len(assets)
        mu = _frozen(self.mu)
        covariance = _frozen(self.covariance)
        if mu.shape != (n,):
            raise DataError(f"mu has shape {mu.shape}, expected ({n},) for {n} assets")
        if covariance.shape != (n, n):
            raise DataError(f"covariance has shape {covariance.shape}, expected ({n}, {n})")
        _check_finite(mu, assets, "mu")
        _check_finite(covariance, assets, "covariance")
        scale = float(np.max(np.abs(covariance), initial=0.0))
        asymmetry = np.abs(covariance - covariance.T)
        if scale > 0 and float(asymmetry.max()) > _SYMMETRY_TOLERANCE * scale:
            row = int(np.unravel_index(np.argmax(asymmetry), asymmetry.shape)[0])
            raise DataError(
                f"covariance is not symmetric (asset {assets[row]!r})", asset=assets[row]
            )
        scenarios = None
        if self.scenarios is not None:
            scenarios = _frozen(self.scenarios)
            if scenarios.ndim != 2 or scenarios.shape[1] != n:
                raise DataError(f"scenarios have shape {scenarios.shape}, expected (T, {n})")
            _check_finite(scenarios, assets, "scenarios")
        periods = float(self.periods_per_year)
        if not math.isfinite(periods) or periods <= 0:
            raise DataError(f"periods_per_year must be a positive number, got {periods!r}")
        object.__setattr__(self, "assets", assets)
        object.__setattr__(self, "mu", mu)
        object.__setattr__(self, "covariance", covariance)
        object.__setattr__(self, "scenarios", scenarios)
        object.__setattr__(self, "periods_per_year", periods)

    @property
    def n_assets(self) -> int:
        """Number of assets ``n``."""
        return len(self.assets)

    def mu_series(self) -> pd.Series:
        """``mu`` as a ``Series`` indexed by asset (named ``mu``)."""
        return pd.Series(self.mu, index=pd.Index(self.assets, name="asset"), name="mu")

    def covariance_frame(self) -> pd.DataFrame:
        """``covariance`` as an asset x asset ``DataFrame``."""
        index = pd.Index(self.assets, name="asset")
        return pd.DataFrame(self.covariance, index=index, columns=index.rename(None))

    def annualized(self) -> ReturnDistribution:
        """The moments times ``periods_per_year`` (arithmetic mean, linear covariance), with
        ``periods_per_year=1``; scenarios are dropped (they stay per period)."""
        periods = self.periods_per_year
        return replace(
            self,
            mu=self.mu * periods,
            covariance=self.covariance * periods,
            periods_per_year=1.0,
            scenarios=None,
        )


def _check_finite(values: np.ndarray, assets: tuple[str, ...], name: str) -> None:
    bad = ~np.isfinite(values)
    if bad.any():
        column = int(np.argwhere(bad)[0][-1])
        raise DataError(f"{name} of asset {assets[column]!r} is not finite", asset=assets[column])

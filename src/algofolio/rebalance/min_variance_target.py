"""``RollingMinVariance``: long-only min variance on a rolling window, warm-started between decisions.

The same weights as refitting ``MeanVariance()`` (min variance on the sample covariance,
``ddof=1``, of the last ``window`` simple returns, fully invested, ``lower <= w <= upper``) over the
eligible assets at each decision, without building a frame, forming the ``n x n`` covariance or
solving from scratch: the solver reads the covariance through the window's centred returns
(:class:`~algofolio.optimize.warm_min_variance.CovarianceFactor`: ``O(m n)`` per step) and starts
from the previous decision's free set
(:func:`~algofolio.optimize.warm_min_variance.warm_min_variance`, which falls back to the critical
line when the guess fails). When every fast path fails the decision is a fresh ``MeanVariance`` fit
(its whole solver chain). The free set lives in the instance: the simulator gives each run its own
copy (:func:`~algofolio.rebalance.target.fresh_target`).

>>> import numpy as np, pandas as pd
>>> from algofolio.core.history import MarketHistory
>>> from algofolio.datasets import load_sp500_prices
>>> history = MarketHistory.from_prices(load_sp500_prices().iloc[-300:])
>>> target = RollingMinVariance(window=252)
>>> first = target.weights(history.until(270), np.zeros(20))
>>> second = target.weights(history.until(291), first)
>>> from algofolio.optimize import MeanVariance
>>> fresh = MeanVariance().fit(history.until(291).returns_frame(252)).weights_.to_numpy()
>>> bool(np.abs(second - fresh).max() < 1e-9), round(float(second.sum()), 12)
(True, 1.0)
"""

from __future__ import annotations

import math
from typing import TypeGuard

import numpy as np

from algofolio.core.errors import ConfigError, EstimationError, InfeasibleError, SolverError
from algofolio.core.history import MarketHistory
from algofolio.optimize import MeanVariance
from algofolio.optimize._threads import one_blas_thread
from algofolio.optimize.constraints import Bounds, Budget
from algofolio.optimize.objectives import MinVariance
from algofolio.optimize.solve import DEFAULT_CONSTRAINTS, snap_to_bounds
from algofolio.optimize.solvers import DEFAULT_CHAIN
from algofolio.optimize.warm_min_variance import CovarianceFactor, warm_min_variance

__all__ = ["RollingMinVariance"]


class RollingMinVariance:
    """Min variance weights on the last ``window`` simple returns (an int >= 2) over the assets
    priced on every day of the window, fully invested with ``bounds[0] <= w_i <= bounds[1]``;
    ``(k,)`` weights, 0 for the assets not eligible.

    Raises :class:`EstimationError` (naming the date) when the history is shorter than the window
    or no asset is eligible, :class:`InfeasibleError` when the bounds cannot hold the budget over
    the eligible assets.
    """

    __slots__ = ("_free", "_on_upper", "_window", "bounds")

    def __init__(self, window: int = 252, bounds: tuple[float, float] = (0.0, 1.0)) -> None:
        if not _is_window(window):
            raise ConfigError(
                f"RollingMinVariance.window must be an integer >= 2, got {window!r}",
                key="RollingMinVariance.window",
            )
        lower, upper = _check_bounds(bounds)
        self._window = window
        self.bounds = (lower, upper)
        self._free = np.zeros(0, dtype=bool)  # over all of the history's assets
        self._on_upper = np.zeros(0, dtype=bool)

    @property
    def window(self) -> int:
        """Trailing returns fitted on."""
        return self._window

    def __repr__(self) -> str:
        return f"RollingMinVariance(window={self._window!r}, bounds={self.bounds!r})"

    def __deepcopy__(self, memo: dict[int, object]) -> RollingMinVariance:
        """A fresh target with the same settings: the warm state belongs to one run."""
        return RollingMinVariance(window=self._window, bounds=self.bounds)

    def describe(self) -> str:
        """E.g. ``"min variance (weights 0 to 1) on 252-day windows"``."""
        lower, upper = self.bounds
        return f"min variance (weights {lower:g} to {upper:g}) on {self._window}-day windows"

    @staticmethod
    def supports(allocator: object, window: int | None = 252) -> bool:
        """Whether refitting ``allocator`` on ``window``-day windows is exactly this target: a
        plain ``MeanVariance`` with the min variance objective (or the default), only a budget of 1
        and scalar bounds (or the default constraints), the default solver chain, and a rolling
        window (an int >= 2; not ``None``, an expanding window)."""
        if type(allocator) is not MeanVariance or not _is_window(window):
            return False
        objective = allocator.objective
        if objective is not None and type(objective) is not MinVariance:
            return False
        if allocator.chain is not None and allocator.chain is not DEFAULT_CHAIN:
            return False
        return _allocator_bounds(allocator) is not None

    @classmethod
    def from_allocator(
        cls, allocator: MeanVariance, window: int | None = 252
    ) -> RollingMinVariance:
        """The target refitting ``allocator`` on ``window``-day windows; :class:`ConfigError` when
        :meth:`supports` is False."""
        bounds = _allocator_bounds(allocator)
        if bounds is None or not _is_window(window) or not cls.supports(allocator, window):
            raise ConfigError(
                f"{allocator!r} on window={window!r} is not min variance under a budget of 1 and "
                "scalar bounds on a rolling window",
                key="allocator",
            )
        return cls(window=window, bounds=bounds)

    @one_blas_thread
    def weights(self, history: MarketHistory, current: np.ndarray) -> np.ndarray:
        """The min variance weights at ``history.date`` over the eligible assets ``(k,)`` (BLAS on
        one thread: its pool loses on these small products when the cores are shared)."""
        day = f"{history.date:%Y-%m-%d}"
        eligible = history.eligible(self._window)
        if not eligible.any():
            raise EstimationError(f"{day}: no asset is priced on every day of the window")
        k = len(history.assets)
        if self._free.size != k:
            self._free = np.zeros(k, dtype=bool)
            self._on_upper = np.zeros(k, dtype=bool)
        columns = np.flatnonzero(eligible)
        n = columns.size
        lower, upper = (np.full(n, bound) for bound in self.bounds)
        if n * self.bounds[0] > 1.0 + 1e-9 or n * self.bounds[1] < 1.0 - 1e-9:
            raise InfeasibleError(
                f"{day}: the bounds {self.bounds[0]:g} to {self.bounds[1]:g} on {n} eligible "
                "asset(s) cannot make the weights sum to 1"
            )
        returns = history.window_returns(self._window, eligible)
        mean = returns.mean(axis=0)
        try:
            solution = warm_min_variance(
                CovarianceFactor.of_returns(returns, mean),
                lower,
                upper,
                free=self._free[columns],
                on_upper=self._on_upper[columns],
                mean=mean,
            )
            fitted = solution.weights
            self._free[:] = False
            self._free[columns] = solution.free
            self._on_upper[:] = False
            self._on_upper[columns] = solution.on_upper
        except SolverError:
            fitted = self._refit(history, eligible, day)
        out = np.zeros(k)
        out[columns] = snap_to_bounds(fitted, lower, upper)
        return out

    def _refit(self, history: MarketHistory, eligible: np.ndarray, day: str) -> np.ndarray:
        """A fresh ``MeanVariance`` fit through its whole solver chain (the warm state is kept)."""
        constraints = (Budget(total=1.0), Bounds(lower=self.bounds[0], upper=self.bounds[1]))
        try:
            model = MeanVariance(MinVariance(), constraints).fit(
                history.returns_frame(self._window, eligible)
            )
        except EstimationError as exc:
            raise EstimationError(f"{day}: {exc}") from exc
        except SolverError as exc:
            raise SolverError(f"{day}: {exc}") from exc
        weights: np.ndarray = model.weights_.to_numpy(dtype=float)
        return weights


def _is_window(window: object) -> TypeGuard[int]:
    return isinstance(window, int) and not isinstance(window, bool) and window >= 2


def _check_bounds(bounds: tuple[float, float]) -> tuple[float, float]:
    try:
        lower, upper = (float(b) for b in bounds)
    except (TypeError, ValueError):
        raise ConfigError(
            f"RollingMinVariance.bounds must be two numbers (lower, upper), got {bounds!r}",
            key="RollingMinVariance.bounds",
        ) from None
    if not (math.isfinite(lower) and math.isfinite(upper)) or lower > upper:
        raise ConfigError(
            f"RollingMinVariance.bounds must be finite with lower <= upper, got {bounds!r}",
            key="RollingMinVariance.bounds",
        )
    return lower, upper


def _allocator_bounds(allocator: MeanVariance) -> tuple[float, float] | None:
    constraints = allocator.constraints
    return _scalar_bounds(DEFAULT_CONSTRAINTS if constraints is None else constraints)


def _scalar_bounds(constraints: object) -> tuple[float, float] | None:
    """``(lower, upper)`` when ``constraints`` are exactly ``Budget(total=1)`` and one ``Bounds``
    with numbers (not per-asset mappings), in either order; ``None`` otherwise."""
    if not isinstance(constraints, list | tuple) or len(constraints) != 2:
        return None
    budgets = [c for c in constraints if type(c) is Budget]
    boxes = [c for c in constraints if type(c) is Bounds]
    if len(budgets) != 1 or len(boxes) != 1 or budgets[0].total != 1.0:
        return None
    lower, upper = boxes[0].lower, boxes[0].upper
    if not (isinstance(lower, float) and isinstance(upper, float)):
        return None
    return lower, upper

"""What to hold: the target protocol, and :class:`AllocatorTarget` for any allocator or optimiser.

A target answers, at one decision, the weights to trade towards: ``weights(history, current)`` with
``history`` the :class:`~algofolio.core.history.MarketHistory` up to the decision date (nothing
after it) and ``current`` the pre-trade weights ``(k,)``. It returns ``(k,)`` weights over all of
the history's assets (0 for those it does not hold; ``1 - sum`` is cash) and may keep state between
calls of one run (a warm start): the simulator gives each run its own :func:`fresh_target`.

>>> import numpy as np, pandas as pd
>>> from algofolio.allocate import EqualWeight
>>> from algofolio.core.history import MarketHistory
>>> prices = pd.DataFrame(
...     {"A": [10.0, 11.0, 12.0, 11.0, 12.0], "B": [None, None, 20.0, 21.0, 22.0]},
...     index=pd.bdate_range("2024-01-01", periods=5, name="date"),
... )
>>> history = MarketHistory.from_prices(prices).until(4)
>>> AllocatorTarget(EqualWeight(), window=3).weights(history, np.zeros(2)).tolist()
[1.0, 0.0]
>>> AllocatorTarget(EqualWeight(), window=2).weights(history, np.zeros(2)).tolist()
[0.5, 0.5]
"""

from __future__ import annotations

import copy
from typing import Protocol, runtime_checkable

import numpy as np
import pandas as pd
from sklearn.base import clone

from algofolio.allocate import Allocator
from algofolio.allocate.fixed import WEIGHT_SUM_TOLERANCE
from algofolio.core.errors import DataError, EstimationError
from algofolio.core.history import MarketHistory

__all__ = [
    "MIN_WINDOW",
    "AllocatorTarget",
    "Target",
    "check_target_weights",
    "fresh_target",
    "target_name",
]

MIN_WINDOW = 2
"""The fewest trailing returns a target is fitted on (also the need of an expanding window)."""


@runtime_checkable
class Target(Protocol):
    """``weights(history, current) -> (k,)`` target weights, ``window`` (returns of history needed:
    an int, or ``None`` for an expanding window) and a plain-words ``describe()``."""

    @property
    def window(self) -> int | None:
        """Trailing returns the target needs at a decision (``None``: all since the first price)."""
        ...

    def weights(self, history: MarketHistory, current: np.ndarray) -> np.ndarray:
        """Target weights ``(k,)`` at ``history.date`` given pre-trade weights ``current``."""
        ...

    def describe(self) -> str:
        """The target in plain words."""
        ...


def fresh_target(target: Target) -> Target:
    """A copy of ``target`` without state from earlier runs (allocators are sklearn-cloned)."""
    if isinstance(target, AllocatorTarget):
        return AllocatorTarget(clone(target.allocator), window=target.window)
    return copy.deepcopy(target)


def target_name(target: Target) -> str:
    """The name errors use for ``target``: the allocator's class for an :class:`AllocatorTarget`."""
    if isinstance(target, AllocatorTarget):
        return type(target.allocator).__name__
    return type(target).__name__


class AllocatorTarget:
    """Refit ``allocator`` at each decision on the last ``window`` simple returns (``None``: all
    since the first price) over the *eligible* assets: those priced on every date of the window.

    An allocator whose class sets ``uses_returns = False`` (equal weight, a fixed mix) is fitted on
    a frame with no rows and only again when the eligible assets change: a static mix costs
    nothing per rebalance. Errors of the fit are re-raised naming the date; :class:`EstimationError` when the
    history is too short or no asset is eligible. The allocator is refitted in place.
    """

    __slots__ = ("_static", "_window", "allocator")

    def __init__(self, allocator: Allocator, window: int | None = 252) -> None:
        self.allocator = allocator
        self._window = window
        # (eligible mask, weights) of the last fit of a static allocator
        self._static: tuple[bytes, np.ndarray] | None = None

    @property
    def window(self) -> int | None:
        """Trailing returns fitted on (``None``: expanding)."""
        return self._window

    def __repr__(self) -> str:
        return f"AllocatorTarget({self.allocator!r}, window={self._window!r})"

    def describe(self) -> str:
        """E.g. ``"EqualWeight() on 252-day windows"``."""
        span = "an expanding window" if self._window is None else f"{self._window}-day windows"
        return f"{self.allocator!r} on {span}"

    def weights(self, history: MarketHistory, current: np.ndarray) -> np.ndarray:
        """Fit on the window's returns over the eligible assets; ``(k,)`` weights, 0 elsewhere."""
        day = _Day(history)  # formatted only for an error message
        window = self._window
        start = history.window_start(window)
        need = MIN_WINDOW if window is None else window
        if history.row - start < need:
            raise EstimationError(f"{day}: {history.row - start} return(s) of history; need {need}")
        eligible = history.eligible(window)
        if not eligible.any():
            raise EstimationError(f"{day}: no asset is priced on every day of the window")
        static = not getattr(self.allocator, "uses_returns", True)
        if static:
            key = eligible.tobytes()
            if self._static is not None and self._static[0] == key:
                return self._static[1].copy()
            names = np.asarray(history.assets, dtype=object)[eligible].tolist()
            returns = pd.DataFrame(np.empty((0, len(names))), columns=pd.Index(names))
        else:
            returns = history.returns_frame(window, eligible)
        try:
            self.allocator.fit(returns)
        except DataError as exc:
            raise DataError(f"{day}: {exc}", asset=exc.asset, date=history.date) from exc
        except EstimationError as exc:
            raise EstimationError(f"{day}: {exc}") from exc
        fitted = _fitted_weights(self.allocator, returns.columns, day)
        out = np.zeros(len(history.assets))
        out[eligible] = fitted
        if static:
            self._static = (key, out.copy())
        return out


def _fitted_weights(allocator: Allocator, eligible: pd.Index, day: object) -> np.ndarray:
    weights = getattr(allocator, "weights_", None)
    name = type(allocator).__name__
    if not isinstance(weights, pd.Series):
        raise EstimationError(f"{day}: {name}.fit did not set a weights_ Series")
    if weights.index is not eligible and not weights.index.equals(eligible):
        extra = weights.index.difference(eligible)
        if len(extra):
            raise EstimationError(f"{day}: {name} weighted {extra[0]!r}, which is not eligible")
        weights = weights.reindex(eligible, fill_value=0.0)
    array: np.ndarray = weights.to_numpy(dtype=float)
    return array


class _Day:
    """The decision date as text, formatted only when an error message needs it."""

    __slots__ = ("history",)

    def __init__(self, history: MarketHistory) -> None:
        self.history = history

    def __str__(self) -> str:
        return f"{self.history.date:%Y-%m-%d}"

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def check_target_weights(
    weights: np.ndarray,
    history: MarketHistory,
    source: str,
    *,
    allow_short: bool = False,
) -> np.ndarray:
    """``weights`` as a float ``(k,)`` array after checking what a fill needs.

    Finite; >= 0 unless ``allow_short``; summing to at most ``1 + 1e-9`` (the rest is cash); zero
    on every asset without a price on the decision date. Raises :class:`EstimationError` naming
    ``source`` (the target), the date and the asset.
    """
    array = np.asarray(weights, dtype=float)
    k = len(history.assets)
    day = _Day(history)
    if array.shape != (k,):
        raise EstimationError(f"{day}: {source} gave weights of shape {array.shape}; need ({k},)")
    bad = ~np.isfinite(array) if allow_short else ~(np.isfinite(array) & (array >= 0))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        need = "finite" if allow_short else "finite and >= 0"
        raise EstimationError(
            f"{day}: {source} gave {history.assets[i]!r} the weight {float(array[i])!r}; need {need}"
        )
    total = float(array.sum())
    if total > 1 + WEIGHT_SUM_TOLERANCE:
        raise EstimationError(f"{day}: {source} weights sum to {total:.6g} > 1")
    unpriced = (array != 0) & ~np.isfinite(history.prices[-1])
    if unpriced.any():
        i = int(np.flatnonzero(unpriced)[0])
        raise EstimationError(
            f"{day}: {source} gave {history.assets[i]!r} the weight {float(array[i]):g} but it has "
            "no price that day"
        )
    return array

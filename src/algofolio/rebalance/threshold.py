"""Drift-band rebalancing: due when some weight has drifted too far from its target.

* ``absolute``: ``max_i |w_i - w*_i| > threshold`` (``threshold`` in (0, 1); 0.05 = five points);
* ``relative``: ``max_i |w_i - w*_i| / w*_i > threshold`` (``threshold`` > 0; 0.25 = a quarter of the
  target). An asset with target ``w*_i = 0`` has no relative scale: its absolute drift ``w_i`` counts.

>>> import numpy as np, pandas as pd
>>> from algofolio.rebalance.window import DriftWindow
>>> dates = pd.bdate_range("2024-01-02", periods=3)
>>> weights = np.array([[0.62, 0.38], [0.66, 0.34], [0.59, 0.41]])
>>> window = DriftWindow(dates, pd.Timestamp("2024-01-01"), weights, np.array([0.6, 0.4]), ("A", "B"))
>>> ThresholdRule(0.05).due(window).tolist()
[False, True, False]
>>> ThresholdRule(0.1, kind="relative").due(window).tolist()
[False, True, False]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from algofolio.core.errors import ConfigError
from algofolio.core.options import DriftKind, check_option
from algofolio.rebalance.window import DriftWindow

__all__ = ["ThresholdRule", "drift_measure"]


def _absolute(weights: np.ndarray, target: np.ndarray) -> np.ndarray:
    drift: np.ndarray = np.abs(weights - target)
    return drift


def _relative(weights: np.ndarray, target: np.ndarray) -> np.ndarray:
    scale = np.where(target > 0, target, 1.0)
    drift: np.ndarray = np.abs(weights - target) / scale
    return drift


_DRIFT: Mapping[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "absolute": _absolute,
    "relative": _relative,
}

# (lower bound exclusive, upper bound exclusive) of a valid threshold per kind
_BOUNDS: Mapping[str, tuple[float, float]] = {
    "absolute": (0.0, 1.0),
    "relative": (0.0, math.inf),
}


def drift_measure(
    weights: np.ndarray, target: np.ndarray, kind: DriftKind = "absolute"
) -> np.ndarray:
    """Per-asset drift of ``weights`` (``(..., k)``) from ``target`` (``(k,)``), same shape, >= 0.

    >>> drift_measure(np.array([0.5, 0.1]), np.array([0.4, 0.0]), "relative").round(6).tolist()
    [0.25, 0.1]
    """
    check_option(kind, DriftKind, "kind")
    return _DRIFT[kind](np.asarray(weights, dtype=float), np.asarray(target, dtype=float))


@dataclass(frozen=True, slots=True)
class ThresholdRule:
    """Due on each day when the largest drift of ``kind`` exceeds ``threshold`` (strictly)."""

    threshold: float
    kind: DriftKind = "absolute"

    def __post_init__(self) -> None:
        check_option(self.kind, DriftKind, "kind")
        low, high = _BOUNDS[self.kind]
        value = self.threshold
        if isinstance(value, bool) or not isinstance(value, int | float) or not low < value < high:
            bound = f"in ({low:g}, {high:g})" if math.isfinite(high) else f"> {low:g}"
            raise ConfigError(
                f"threshold of a {self.kind} drift band must be {bound}, got {value!r}",
                key="threshold",
            )

    def due(self, window: DriftWindow) -> np.ndarray:
        """True on days whose largest drift exceeds the threshold (bool, ``(n,)``)."""
        drift = drift_measure(window.weights, window.target, self.kind)
        if drift.shape[1] == 0:
            return np.zeros(drift.shape[0], dtype=bool)
        due: np.ndarray = drift.max(axis=1) > self.threshold
        return due

    def describe(self) -> str:
        """E.g. ``"absolute drift band (any weight more than 5% from its target)"``."""
        amount = f"{100 * self.threshold:g}%"
        detail = {
            "absolute": f"any weight more than {amount} from its target",
            "relative": f"any weight more than {amount} of its target away from it",
        }[self.kind]
        return f"{self.kind} drift band ({detail})"

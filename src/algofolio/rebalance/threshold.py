"""Drift-band rebalancing: due when some weight, or the whole portfolio, has drifted too far.

Per asset (``scope="asset"``, the default), due when any asset is beyond its band:

* ``absolute``: ``|w_i - w*_i| > threshold_i`` (``threshold`` in (0, 1); 0.05 = five points);
* ``relative``: ``|w_i - w*_i| / w*_i > threshold_i`` (``threshold`` > 0; 0.25 = a quarter of the
  target). An asset with target ``w*_i = 0`` has no relative scale: its absolute drift ``w_i`` counts.

``threshold`` is one band for every asset, or a band per asset: a mapping ``asset -> band`` (every
asset of the window must be in it: :class:`DataError` naming the first missing one), or an array in
the window's asset order (for a fixed universe; use a mapping when the backtest's assets vary).

For the whole portfolio (``scope="portfolio"``, absolute drift and one band only), due when the
one-way tracking distance ``sum_i |w_i - w*_i| / 2`` (the one-way turnover a full rebalance would
trade, cash excluded) exceeds ``threshold``.

>>> import numpy as np, pandas as pd
>>> from algofolio.rebalance.window import DriftWindow
>>> dates = pd.bdate_range("2024-01-02", periods=3)
>>> weights = np.array([[0.62, 0.38], [0.66, 0.34], [0.59, 0.41]])
>>> window = DriftWindow(dates, pd.Timestamp("2024-01-01"), weights, np.array([0.6, 0.4]), ("A", "B"))
>>> ThresholdRule(0.05).due(window).tolist()
[False, True, False]
>>> ThresholdRule(0.1, kind="relative").due(window).tolist()
[False, True, False]
>>> ThresholdRule({"A": 0.1, "B": 0.05}).due(window).tolist()
[False, True, False]
>>> ThresholdRule(0.07, scope="portfolio").due(window).tolist()  # distances 0.02, 0.06, 0.01
[False, False, False]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from algofolio.core.errors import ConfigError, DataError
from algofolio.core.options import DriftKind, DriftScope, check_option
from algofolio.rebalance.window import DriftWindow

__all__ = ["DriftScope", "ThresholdRule", "drift_measure"]


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


def _check_band(value: object, kind: str, whose: str) -> float:
    low, high = _BOUNDS[kind]
    number = (
        float(value)
        if isinstance(value, int | float | np.floating | np.integer) and not isinstance(value, bool)
        else math.nan
    )
    if not low < number < high:
        bound = f"in ({low:g}, {high:g})" if math.isfinite(high) else f"> {low:g}"
        raise ConfigError(
            f"threshold{whose} of a {kind} drift band must be {bound}, got {value!r}",
            key="threshold",
        )
    return number


Bands = float | Mapping[str, float] | Sequence[float] | np.ndarray


class _FrozenBands(Mapping[str, float]):
    """A read-only, picklable ``asset -> band`` mapping (equal to a dict with the same items)."""

    __slots__ = ("_bands",)

    def __init__(self, bands: dict[str, float]) -> None:
        self._bands = bands

    def __getitem__(self, asset: str) -> float:
        return self._bands[asset]

    def __iter__(self) -> Iterator[str]:
        return iter(self._bands)

    def __len__(self) -> int:
        return len(self._bands)

    def __repr__(self) -> str:
        return repr(self._bands)

    def __hash__(self) -> int:
        return hash(frozenset(self._bands.items()))


@dataclass(frozen=True, slots=True)
class ThresholdRule:
    """Due on each day when some drift of ``kind`` exceeds its band (strictly), or, with
    ``scope="portfolio"``, when ``sum |w - w*| / 2`` exceeds ``threshold``.

    ``threshold``: one band, a mapping ``asset -> band`` (kept as a read-only mapping) or a
    sequence of bands in the window's asset order (kept as a tuple).
    """

    threshold: Bands
    kind: DriftKind = "absolute"
    scope: DriftScope = "asset"
    _last: list[object] = field(default_factory=list, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        check_option(self.kind, DriftKind, "kind")
        check_option(self.scope, DriftScope, "scope")
        value = self.threshold
        if isinstance(value, Mapping):
            if not value:
                raise ConfigError("threshold: the mapping of bands is empty", key="threshold")
            bands = {str(a): _check_band(b, self.kind, f" of {a!r}") for a, b in value.items()}
            object.__setattr__(self, "threshold", _FrozenBands(bands))
        elif isinstance(value, np.ndarray | Sequence) and not isinstance(value, str):
            array = np.asarray(value, dtype=object).ravel()
            if array.size == 0:
                raise ConfigError("threshold: the sequence of bands is empty", key="threshold")
            checked = tuple(_check_band(b, self.kind, f"[{i}]") for i, b in enumerate(array))
            object.__setattr__(self, "threshold", checked)
        else:
            object.__setattr__(self, "threshold", _check_band(value, self.kind, ""))
        if self.scope == "portfolio" and (
            self.kind != "absolute" or not isinstance(self.threshold, float)
        ):
            raise ConfigError(
                "a portfolio drift band (scope='portfolio') takes one absolute threshold",
                key="threshold",
            )

    def due(self, window: DriftWindow) -> np.ndarray:
        """True on days whose drift exceeds the band (bool, ``(n,)``)."""
        if self.scope == "portfolio":
            distance = 0.5 * np.abs(window.weights - window.target).sum(axis=1)
            beyond: np.ndarray = distance > self.threshold
            return beyond
        drift = drift_measure(window.weights, window.target, self.kind)
        if drift.shape[1] == 0:
            return np.zeros(drift.shape[0], dtype=bool)
        if isinstance(self.threshold, float):
            due: np.ndarray = drift.max(axis=1) > self.threshold
            return due
        beyond_band = drift > self._bands(window.assets)
        return np.asarray(beyond_band.any(axis=1), dtype=bool)

    def _bands(self, assets: tuple[str, ...]) -> np.ndarray:
        """Bands ``(k,)`` in the order of ``assets`` (the last answer is kept for the next window)."""
        if self._last and self._last[0] == assets:
            cached: np.ndarray = self._last[1]  # type: ignore[assignment]
            return cached
        bands = self.threshold
        if isinstance(bands, tuple):
            if len(bands) != len(assets):
                raise DataError(
                    f"ThresholdRule has {len(bands)} bands for {len(assets)} assets; give a "
                    "mapping asset -> band when the assets vary"
                )
            array = np.asarray(bands, dtype=float)
        else:
            assert isinstance(bands, Mapping)
            missing = [a for a in assets if a not in bands]
            if missing:
                raise DataError(f"ThresholdRule has no band for {missing[0]!r}", asset=missing[0])
            array = np.fromiter((bands[a] for a in assets), dtype=float, count=len(assets))
        self._last[:] = [assets, array]
        return array

    def describe(self) -> str:
        """E.g. ``"absolute drift band (any weight more than 5% from its target)"``."""
        if isinstance(self.threshold, float):
            amount = f"{100 * self.threshold:g}%"
            if self.scope == "portfolio":
                return f"portfolio drift band (sum |w - w*| / 2 more than {amount})"
            detail = {
                "absolute": f"any weight more than {amount} from its target",
                "relative": f"any weight more than {amount} of its target away from it",
            }[self.kind]
            return f"{self.kind} drift band ({detail})"
        count = len(self.threshold)
        return f"{self.kind} drift bands per asset ({count} bands; any asset beyond its own)"

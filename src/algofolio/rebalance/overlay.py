"""Targets for a strategic mix and a dynamic overlay on it (the :class:`Target` protocol).

:class:`StrategicMix` holds fixed weights (``1 - sum`` in cash); after the first decision of a run
its weights are a cached read-only array, so a rebalance costs no pandas object.

:class:`Tilt` tilts a base target's weights ``b`` (``(k,)``, >= 0, invested fraction ``B = sum b``)
by a cross-section of scores ``s`` known at the decision:

1. ``z``: the scores standardised over the assets the base holds (``b_i > 0``) with a finite
   score, ``z_i = (s_i - mean) / std`` (population std); ``z_i = 0`` for the other assets, for a
   missing (NaN) score (neutral), and for all when the std is 0;
2. ``m_i = clip(strength * z_i, -max_tilt, max_tilt)``, ``max_tilt`` in (0, 1];
3. ``w_i = B * b_i (1 + m_i) / sum_j b_j (1 + m_j)``.

So the tilt is multiplicative and long only: an asset the base does not hold stays at 0, a weight
never changes sign, the invested fraction stays ``B``, and before the renormalisation each weight
moves by at most ``max_tilt`` of itself.

>>> import numpy as np, pandas as pd
>>> from algofolio.core.history import MarketHistory
>>> prices = pd.DataFrame(
...     {"A": [10.0, 11.0, 12.0], "B": [20.0, 20.0, 21.0], "C": [5.0, 5.0, 5.0]},
...     index=pd.bdate_range("2024-01-01", periods=3, name="date"),
... )
>>> history = MarketHistory.from_prices(prices)
>>> mix = StrategicMix({"A": 0.45, "B": 0.27, "C": 0.18})
>>> mix.weights(history, np.zeros(3)).tolist()
[0.45, 0.27, 0.18]
>>> scores = pd.DataFrame({"A": [1.0], "B": [2.0], "C": [3.0]}, index=pd.DatetimeIndex(["2024-01-02"]))
>>> Tilt(mix, scores, strength=0.2, max_tilt=0.2).weights(history, np.zeros(3)).round(4).tolist()
[0.383, 0.2872, 0.2298]
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from algofolio.allocate.fixed import check_weight_mix
from algofolio.core.errors import ConfigError, DataError, EstimationError
from algofolio.core.history import MarketHistory
from algofolio.rebalance.target import Target

__all__ = ["ScoreSignal", "StrategicMix", "Tilt", "tilt_weights"]

ScoreSignal = Callable[[MarketHistory], np.ndarray]
"""Scores ``(k,)`` over ``history.assets`` at ``history.date`` (higher = more weight; NaN = none)."""


class StrategicMix:
    """Fixed long-only weights per asset (``Mapping[str, float]``, each >= 0, summing to at most 1).

    ``weights`` covers every asset of the history (0 for those not in the mix). Raises
    :class:`DataError` naming an asset of the mix (weight > 0) that the history does not have, and
    :class:`EstimationError` naming the asset and date when it has no price on the decision date.
    Needs no returns of history (``window == 0``).
    """

    __slots__ = ("_array", "_assets", "_held", "mix")

    def __init__(self, weights: Mapping[str, float]) -> None:
        try:
            self.mix: dict[str, float] = check_weight_mix(weights)
        except ConfigError as exc:
            raise ConfigError(f"StrategicMix: {exc}", key=f"StrategicMix.{exc.key}") from None
        self._assets: tuple[str, ...] | None = None
        self._array = np.zeros(0)
        self._held = np.zeros(0, dtype=np.intp)

    def __repr__(self) -> str:
        return f"StrategicMix({self.mix!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, StrategicMix):
            return NotImplemented
        return self.mix == other.mix

    __hash__ = None  # type: ignore[assignment]

    @property
    def window(self) -> int:
        """No returns of history are needed: 0."""
        return 0

    def describe(self) -> str:
        """E.g. ``"strategic mix (A 60%, B 40%)"``."""
        parts = ", ".join(f"{asset} {100 * weight:g}%" for asset, weight in self.mix.items())
        return f"strategic mix ({parts})"

    def weights(self, history: MarketHistory, current: np.ndarray) -> np.ndarray:
        """The mix over ``history.assets`` (read-only ``(k,)``; cached for the run's assets)."""
        if history.assets != self._assets:
            self._align(history.assets)
        unpriced = ~np.isfinite(history.prices[-1, self._held])
        if unpriced.any():
            asset = history.assets[int(self._held[np.argmax(unpriced)])]
            raise EstimationError(
                f"{history.date:%Y-%m-%d}: StrategicMix holds {asset!r} "
                f"({self.mix[asset]:g}) but it has no price that day"
            )
        return self._array

    def _align(self, assets: tuple[str, ...]) -> None:
        position = {asset: i for i, asset in enumerate(assets)}
        array = np.zeros(len(assets))
        for asset, weight in self.mix.items():
            if weight == 0:
                continue
            if asset not in position:
                raise DataError(
                    f"StrategicMix asset {asset!r} (weight {weight:g}) is not in the market data",
                    asset=asset,
                )
            array[position[asset]] = weight
        array.flags.writeable = False
        self._assets, self._array, self._held = assets, array, np.flatnonzero(array)


def tilt_weights(
    base: np.ndarray, scores: np.ndarray, strength: float, max_tilt: float
) -> np.ndarray:
    """The tilted weights ``(k,)`` of the module docstring (``base`` >= 0, ``scores`` ``(k,)``).

    >>> tilt_weights(np.array([0.5, 0.3, 0.2]), np.array([1.0, 2.0, 3.0]), 0.2, 0.2).round(4).tolist()
    [0.4255, 0.3191, 0.2553]
    """
    held = (base > 0) & np.isfinite(scores)
    count = int(np.count_nonzero(held))
    multiplier = np.ones_like(base)
    if count >= 2:
        chosen = scores[held]
        deviation = chosen - chosen.sum() / count
        spread = math.sqrt(float(deviation @ deviation) / count)
        if spread > 0:
            tilt = (strength / spread) * deviation
            multiplier[held] += np.clip(tilt, -max_tilt, max_tilt)
    raw = base * multiplier
    total = float(raw.sum())
    if total <= 0:
        return base.copy()
    tilted: np.ndarray = raw * (float(base.sum()) / total)
    return tilted


class _ScoreTable:
    """A score ``DataFrame`` as arrays: as-of lookup by date, columns aligned by asset name."""

    __slots__ = ("_assets", "_columns", "_dates", "_values", "names")

    def __init__(self, frame: pd.DataFrame) -> None:
        key = "Tilt.signal"
        index = frame.index
        if not isinstance(index, pd.DatetimeIndex) or index.tz is not None:
            raise ConfigError("Tilt scores need a tz-naive DatetimeIndex", key=key)
        if not index.is_monotonic_increasing or not index.is_unique:
            raise ConfigError("Tilt score dates must be sorted and unique", key=key)
        try:
            values = frame.to_numpy(dtype=float)
        except (TypeError, ValueError):
            raise ConfigError("Tilt scores must be numbers", key=key) from None
        self._dates = np.asarray(index.to_numpy(), dtype="datetime64[ns]")
        self._values = values
        self._values.flags.writeable = False
        self.names = tuple(str(c) for c in frame.columns)
        self._assets: tuple[str, ...] | None = None
        self._columns = np.zeros(0, dtype=np.intp)

    def scores(self, history: MarketHistory) -> np.ndarray:
        """Scores ``(k,)`` of the last row dated on or before ``history.date`` (NaN: no score)."""
        today = history.dates.to_numpy()[-1]
        row = int(np.searchsorted(self._dates, today, side="right")) - 1
        if row < 0:
            raise EstimationError(
                f"{history.date:%Y-%m-%d}: Tilt has no score dated on or before this day"
            )
        if history.assets != self._assets:
            position = {name: j for j, name in enumerate(self.names)}
            columns = np.array([position.get(a, -1) for a in history.assets], dtype=np.intp)
            if (columns < 0).all():
                raise DataError("Tilt scores have no column named like an asset of the market data")
            self._assets, self._columns = history.assets, columns
        found = self._columns >= 0
        scores = np.full(len(found), np.nan)
        scores[found] = self._values[row, self._columns[found]]
        return scores


class Tilt:
    """``base`` target's weights tilted by scores (module docstring: formula and conventions).

    ``signal``: a callable ``history -> (k,)`` scores over ``history.assets``, or a ``DataFrame``
    of scores (dates x assets; the row used is the last dated on or before the decision, columns
    matched by name, a missing column is a NaN score); ``strength`` >= 0 (tilt per standard
    deviation of score); ``max_tilt`` in (0, 1]. The base must give weights >= 0
    (:class:`EstimationError` otherwise). A copy (``copy.deepcopy``, as the simulator makes per
    run) copies the base and a callable signal, and shares a score table (read-only arrays).
    """

    __slots__ = ("_signal", "base", "max_tilt", "strength")

    def __init__(
        self,
        base: Target,
        signal: ScoreSignal | pd.DataFrame,
        *,
        strength: float = 0.5,
        max_tilt: float = 0.5,
    ) -> None:
        if not isinstance(base, Target):
            raise ConfigError(f"Tilt.base must be a target, got {base!r}", key="Tilt.base")
        if isinstance(signal, pd.DataFrame):
            self._signal: ScoreSignal | _ScoreTable = _ScoreTable(signal)
        elif callable(signal):
            self._signal = signal
        else:
            raise ConfigError(
                f"Tilt.signal must be a callable history -> scores or a DataFrame of scores, got "
                f"{type(signal).__name__}",
                key="Tilt.signal",
            )
        if not _number(strength) or strength < 0:
            raise ConfigError(f"Tilt.strength must be finite and >= 0, got {strength!r}", key="Tilt.strength")  # fmt: skip
        if not _number(max_tilt) or not 0 < max_tilt <= 1:
            raise ConfigError(f"Tilt.max_tilt must be in (0, 1], got {max_tilt!r}", key="Tilt.max_tilt")  # fmt: skip
        self.base = base
        self.strength = float(strength)
        self.max_tilt = float(max_tilt)

    def __repr__(self) -> str:
        return (
            f"Tilt({self.base!r}, {self._signal_name()}, strength={self.strength!r}, "
            f"max_tilt={self.max_tilt!r})"
        )

    def __deepcopy__(self, memo: dict[int, Any]) -> Tilt:
        clone = Tilt.__new__(Tilt)
        clone.base = copy.deepcopy(self.base, memo)
        signal = self._signal
        clone._signal = signal if isinstance(signal, _ScoreTable) else copy.deepcopy(signal, memo)
        clone.strength, clone.max_tilt = self.strength, self.max_tilt
        return clone

    @property
    def window(self) -> int | None:
        """The base's window (the signal reads what it needs from the history it is given)."""
        return self.base.window

    def describe(self) -> str:
        """E.g. ``"strategic mix (A 60%, B 40%) tilted by momentum (strength 0.5, at most ±50%)"``."""
        return (
            f"{self.base.describe()} tilted by {self._signal_name()} (strength {self.strength:g}, "
            f"at most ±{100 * self.max_tilt:g}%)"
        )

    def _signal_name(self) -> str:
        signal = self._signal
        if isinstance(signal, _ScoreTable):
            return f"a score table ({len(signal.names)} assets)"
        return str(getattr(signal, "__name__", type(signal).__name__))

    def weights(self, history: MarketHistory, current: np.ndarray) -> np.ndarray:
        """The base's weights tilted by the scores at ``history.date`` (``(k,)``)."""
        base = np.asarray(self.base.weights(history, current), dtype=float)
        k = len(history.assets)
        if base.shape != (k,) or not (base >= 0).all():
            raise EstimationError(
                f"{history.date:%Y-%m-%d}: Tilt needs base weights of shape ({k},), finite and >= 0 (long only); "
                f"{self.base.describe()} gave shape {base.shape}"
            )
        signal = self._signal
        if isinstance(signal, _ScoreTable):
            scores = signal.scores(history)
        else:
            scores = np.asarray(signal(history), dtype=float)
            if scores.shape != (k,):
                raise EstimationError(
                    f"{history.date:%Y-%m-%d}: Tilt signal {self._signal_name()} gave scores of shape "
                    f"{scores.shape}; need ({k},)"
                )
        return tilt_weights(base, scores, self.strength, self.max_tilt)


def _number(value: object) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )

"""Event triggers: rebalance when realised volatility crosses a level, or on a user's event dates.

:class:`VolatilityTrigger` reads the window's market history (``window.history``; a window without
one raises :class:`ConfigError` naming the trigger). For candidate ``i`` at history row ``c`` it
takes the ``window + 1`` simple returns of rows ``c - window .. c`` and the portfolio held at the
candidate's close (its drifted weights ``w_i``; cash earns nothing), or one ``asset``'s returns:

* ``now_i``: the sample volatility (``ddof=1``) of the last ``window`` of those returns,
  annualised by ``sqrt(periods_per_year)``: the volatility of rows ``c - window + 1 .. c``;
* ``before_i``: the same over rows ``c - window .. c - 1`` (yesterday's window, today's holdings);
* due when the volatility crosses ``threshold``: ``up``: ``before_i <= threshold < now_i``;
  ``down``: ``before_i >= threshold > now_i``; ``either``: one of the two.

A candidate without ``window + 1`` returns of history, or with a missing return of a held asset
(of ``asset``) in them, is not due. Everything is computed for all candidates at once: one
batched matrix product over read-only sliding windows of the returns.

:class:`SignalTrigger` is due on **the first trading day on or after each date on which the user's
event series is True** (an event on a weekend fires on Monday): on a day ``d`` when some event
date ``e`` has ``previous trading day < e <= d`` (the day before the first candidate is the last
rebalance). Dates are compared as calendar days. The user vouches that the series is causal: the
event dated ``e`` must be known at the close of ``e`` (compute it from data up to ``e`` only).

>>> import numpy as np, pandas as pd
>>> from algofolio.rebalance.window import DriftWindow
>>> dates = pd.DatetimeIndex(["2024-01-05", "2024-01-08", "2024-01-09"])  # Fri, Mon, Tue
>>> window = DriftWindow(dates, pd.Timestamp("2024-01-04"), np.zeros((3, 1)), np.zeros(1), ("A",))
>>> events = pd.Series([True, False], index=pd.DatetimeIndex(["2024-01-06", "2024-01-09"]))
>>> SignalTrigger(events, name="CPI release").due(window).tolist()  # Saturday's event fires Monday
[False, True, False]
>>> VolatilityTrigger(threshold=0.25, window=21).describe()
'volatility trigger (21-day realised volatility of the portfolio crosses 25% a year, upwards)'
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view

from algofolio.core.errors import ConfigError, DataError
from algofolio.core.history import MarketHistory
from algofolio.core.options import CrossingDirection, check_option
from algofolio.rebalance.rules import candidate_rows, require_history
from algofolio.rebalance.window import DriftWindow

__all__ = ["CrossingDirection", "SignalTrigger", "VolatilityTrigger"]


def _days(dates: object) -> np.ndarray:
    days: np.ndarray = np.asarray(dates).astype("datetime64[D]").astype(np.int64)
    return days


def _columns(assets: tuple[str, ...], history: MarketHistory) -> np.ndarray | slice:
    """Columns of ``assets`` (a subset of the history's, in its order) in the history's arrays."""
    if assets == history.assets:
        return slice(None)
    names = np.asarray(history.assets, dtype=object)
    columns: np.ndarray = np.flatnonzero(np.isin(names, np.asarray(assets, dtype=object)))
    if len(columns) != len(assets) or tuple(names[columns]) != assets:
        raise DataError("the window's assets are not the history's assets in the history's order")
    return columns


@dataclass(frozen=True, kw_only=True, slots=True)
class VolatilityTrigger:
    """Due when the trailing realised volatility crosses ``threshold`` (annualised).

    ``threshold``: the level, an annual volatility (> 0; 0.25 = 25% a year); ``window``: trailing
    returns per estimate (>= 2); ``asset``: one asset's volatility instead of the portfolio's;
    ``direction``: ``"up"``, ``"down"`` or ``"either"``; ``periods_per_year``: the annualisation
    (252 for daily returns).
    """

    threshold: float
    window: int = 21
    asset: str | None = None
    direction: CrossingDirection = "up"
    periods_per_year: float = 252.0

    def __post_init__(self) -> None:
        check_option(self.direction, CrossingDirection, "direction")
        for key, value, low in (("threshold", self.threshold, 0.0), ("periods_per_year", self.periods_per_year, 0.0)):  # fmt: skip
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
                or value <= low
            ):
                raise ConfigError(
                    f"VolatilityTrigger.{key} must be a finite number > 0, got {value!r}", key=key
                )
        if isinstance(self.window, bool) or not isinstance(self.window, int) or self.window < 2:
            raise ConfigError(
                f"VolatilityTrigger.window must be a whole number of returns >= 2, got "
                f"{self.window!r}",
                key="window",
            )
        if self.asset is not None and not isinstance(self.asset, str):
            raise ConfigError(
                f"VolatilityTrigger.asset must be a name, got {self.asset!r}", key="asset"
            )

    def due(self, window: DriftWindow) -> np.ndarray:
        """True where the volatility crosses the level (bool, ``(n,)``)."""
        history = require_history(window, "VolatilityTrigger")
        rows = candidate_rows(window, history)
        n, m = len(rows), self.window
        if n == 0:
            return np.zeros(0, dtype=bool)
        first = int(rows[0]) - m  # the first return row of the first candidate's window
        if self.asset is None:
            held = window.weights
            block = history.returns[max(first, 0) :, _columns(window.assets, history)]
        else:
            if self.asset not in history.assets:
                raise ConfigError(
                    f"VolatilityTrigger.asset {self.asset!r} is not an asset of the market history",
                    key="asset",
                )
            held = np.ones((n, 1))
            column = history.assets.index(self.asset)
            block = history.returns[max(first, 0) :, column : column + 1]
        if first < 0:  # rows before the history: missing
            block = np.vstack([np.full((-first, block.shape[1]), np.nan), block])
        missing = ~np.isfinite(block)
        clean = np.where(missing, 0.0, block)
        # path[i, t]: the portfolio's return on row rows[i] - m + t (a batched product over
        # read-only windows of the rows: no copy per candidate)
        windows = sliding_window_view(clean, m + 1, axis=0).transpose(0, 2, 1)  # (n, m+1, k)
        path = np.matmul(windows, held[:, :, None])[:, :, 0]
        incomplete = np.zeros(n, dtype=bool)
        gaps = np.flatnonzero(missing.any(axis=0))  # the few assets with a missing return
        if gaps.size:
            seen = np.zeros((len(block) + 1, gaps.size), dtype=np.int64)
            np.cumsum(missing[:, gaps], axis=0, out=seen[1:])
            in_window = seen[m + 1 :] - seen[:n]  # missing returns of each window, per asset
            incomplete = ((in_window > 0) & (held[:, gaps] != 0)).any(axis=1)
        incomplete |= rows - m < 1  # row 0 has no return
        scale = math.sqrt(self.periods_per_year)
        now = path[:, 1:].std(axis=1, ddof=1) * scale
        before = path[:, :-1].std(axis=1, ddof=1) * scale
        level = self.threshold
        up = (before <= level) & (now > level)
        down = (before >= level) & (now < level)
        crossed = {"up": up, "down": down, "either": up | down}[self.direction]
        due: np.ndarray = crossed & ~incomplete
        return due

    def describe(self) -> str:
        """E.g. ``"volatility trigger (21-day realised volatility of the portfolio crosses 25% a
        year, upwards)"``."""
        whose = "the portfolio" if self.asset is None else repr(self.asset)
        way = {"up": "upwards", "down": "downwards", "either": "either way"}[self.direction]
        return (
            f"volatility trigger ({self.window}-day realised volatility of {whose} crosses "
            f"{100 * self.threshold:g}% a year, {way})"
        )


class SignalTrigger:
    """Due on the first trading day on or after each date where ``events`` is True.

    ``events``: a bool ``Series`` indexed by date, or a bool ``DataFrame`` (a date is an event when
    any column is True); a tz-naive ``DatetimeIndex`` in any order. Only the event dates are kept
    (a sorted day array), so copies are cheap. ``name`` names the series in :meth:`describe`.
    """

    __slots__ = ("_days", "name")

    def __init__(self, events: pd.Series | pd.DataFrame, *, name: str = "signal") -> None:
        key = "SignalTrigger.events"
        if not isinstance(events, pd.Series | pd.DataFrame):
            raise ConfigError(
                f"SignalTrigger needs a bool Series or DataFrame, got {type(events).__name__}",
                key=key,
            )
        index = events.index
        if not isinstance(index, pd.DatetimeIndex) or index.tz is not None:
            raise ConfigError(
                "SignalTrigger events need a tz-naive DatetimeIndex of event dates", key=key
            )
        frame = events.to_frame() if isinstance(events, pd.Series) else events
        not_bool = [(c, dtype) for c, dtype in frame.dtypes.items() if dtype != np.dtype(bool)]
        if not_bool:
            column, dtype = not_bool[0]
            raise ConfigError(
                f"SignalTrigger events must be bool (True on event dates, no missing values); "
                f"column {column!r} is {dtype}",
                key=key,
            )
        happened = np.asarray(frame.to_numpy(dtype=bool).any(axis=1), dtype=bool)
        self._days: np.ndarray = np.unique(_days(index[happened]))
        self._days.flags.writeable = False
        self.name = name

    def __repr__(self) -> str:
        return f"SignalTrigger(<{len(self._days)} event dates>, name={self.name!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SignalTrigger):
            return NotImplemented
        return self.name == other.name and np.array_equal(self._days, other._days)

    def __hash__(self) -> int:
        return hash((self.name, self._days.tobytes()))

    @property
    def event_dates(self) -> pd.DatetimeIndex:
        """The dates on which the series is True, ascending."""
        return pd.DatetimeIndex(self._days.astype("datetime64[D]"), name="date")

    def due(self, window: DriftWindow) -> np.ndarray:
        """True on the first candidate on or after each event date (bool, ``(n,)``)."""
        days = _days(np.concatenate([[window.last_rebalance.to_datetime64()], window.dates]))
        passed = np.searchsorted(self._days, days, side="right")  # events on or before each day
        due: np.ndarray = np.diff(passed) > 0
        return due

    def describe(self) -> str:
        """E.g. ``"CPI release events (first trading day on or after each of 12 event dates)"``."""
        return (
            f"{self.name} events (first trading day on or after each of {len(self._days)} "
            "event dates)"
        )

"""Calendar rebalancing: due on the first trading day of each period, or a set number of days after.

**Named frequencies** (``"daily"``, ``"weekly"``, ``"monthly"``, ``"quarterly"``, ``"yearly"``): a
day is the first of its period when its period differs from the previous trading day's; the day
before the first candidate is the last rebalance. Weeks start on Monday; quarters are calendar
quarters (the periods of :func:`algofolio.core.calendar.period_numbers`, re-exported here).

**Pandas aliases** (``"ME"``, ``"QS"``, ``"W-FRI"``, ``"2MS"``, ``"BME"``, ``"SME"``, ...; any
offset alias of a day or longer): the *anchors* are the dates of ``pandas.date_range(start, end,
freq=alias)``, and the rule is due on **the first trading day on or after each anchor**: on a day
``d`` when some anchor ``a`` satisfies ``previous trading day < a <= d``. Several anchors between two
trading days give one due day. Anchors of a single offset (``"ME"``, ``"W-FRI"``) do not depend on
where the range starts; a multiple (``"2MS"``, ``"2W-FRI"``) counts from the first date of the
market history (``date_range(history.dates[0], ...)``, as pandas does), so it needs
``window.history``. The named frequencies are the aliases ``"D"``, ``"W-MON"``, ``"MS"``, ``"QS"``
and ``"YS"`` under this definition.

**Offset** (``offset=j``, trading days, ``j >= 0``): due ``j`` trading days after each of those
days: ``CalendarRule("monthly", offset=2)`` is the 3rd trading day of each month. The trading days
are the market history's dates, so ``offset > 0`` needs ``window.history``; the first date of the
history opens a period only when it is itself an anchor (the days before it are unknown). A
negative offset ("the last trading day of the month") would need the next trading day, unknown at
the close, so it is refused; ``"BME"`` (the last weekday of each month) comes close.

>>> import numpy as np, pandas as pd
>>> from algofolio.rebalance.window import DriftWindow
>>> dates = pd.DatetimeIndex(["2024-01-30", "2024-01-31", "2024-02-01", "2024-02-02"])
>>> window = DriftWindow(dates, pd.Timestamp("2024-01-29"), np.zeros((4, 1)), np.zeros(1), ("A",))
>>> CalendarRule("monthly").due(window).tolist()
[False, False, True, False]
>>> CalendarRule("ME").due(window).tolist()  # the anchor Jan 31 is a trading day
[False, True, False, False]
>>> CalendarRule("monthly", offset=2).describe()
'monthly calendar (3rd trading day of each month)'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import cast

import numpy as np
import pandas as pd
from pandas.tseries.frequencies import to_offset
from pandas.tseries.offsets import BaseOffset, BusinessHour, CustomBusinessHour, Tick

from algofolio.core.calendar import period_numbers
from algofolio.core.errors import ConfigError
from algofolio.core.history import MarketHistory
from algofolio.core.options import RebalanceFrequency
from algofolio.rebalance.rules import candidate_rows, require_history
from algofolio.rebalance.window import DriftWindow

__all__ = ["CalendarRule", "period_numbers"]

_NOUN: Mapping[str, str] = {
    "daily": "day",
    "weekly": "week",
    "monthly": "month",
    "quarterly": "quarter",
    "yearly": "year",
}


def _days(dates: object) -> np.ndarray:
    """Calendar day numbers (int64 days since 1970-01-01) of datetime-like values."""
    days: np.ndarray = np.asarray(dates).astype("datetime64[D]").astype(np.int64)
    return days


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def _parse_alias(frequency: object) -> BaseOffset:
    names = ", ".join(repr(name) for name in _NOUN)
    refusal = f"frequency: {frequency!r} is not one of {names} nor a pandas frequency alias"
    if not isinstance(frequency, str):
        raise ConfigError(refusal, key="frequency")
    try:
        anchor = to_offset(frequency)
    except ValueError as exc:
        raise ConfigError(f"{refusal} ({exc})", key="frequency") from None
    if isinstance(anchor, Tick | BusinessHour | CustomBusinessHour):
        raise ConfigError(
            f"frequency: {frequency!r} is shorter than a day; a rebalance calendar needs days "
            "or longer",
            key="frequency",
        )
    if anchor.n < 1:
        raise ConfigError(
            f"frequency: {frequency!r} counts {anchor.n} periods; it must move forward (n >= 1)",
            key="frequency",
        )
    return anchor


@dataclass(frozen=True, kw_only=True, slots=True)
class _Anchors:
    """Anchors known from ``first`` to ``last`` (day numbers) for one ``origin``."""

    origin: int | None
    first: int
    last: int
    days: np.ndarray


@dataclass(frozen=True, slots=True)
class CalendarRule:
    """Due ``offset`` trading days after the first trading day of each ``frequency`` period.

    ``frequency``: a name (``"daily"`` ... ``"yearly"``) or a pandas offset alias of a day or
    longer (see the module docstring for what "due" means for each); ``offset``: trading days
    after that day (``int >= 0``; ``> 0`` needs the window's market history).
    """

    frequency: RebalanceFrequency | str = "monthly"
    offset: int = 0
    _anchor: BaseOffset | None = field(default=None, init=False, repr=False, compare=False)
    _kept: list[_Anchors] = field(default_factory=list, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if isinstance(self.offset, bool) or not isinstance(self.offset, int | np.integer):
            raise ConfigError(
                f"offset must be a whole number of trading days, got {self.offset!r}", key="offset"
            )
        if self.offset < 0:
            raise ConfigError(
                f"offset must be >= 0 trading days, got {self.offset}: a day before the period "
                "start would need the next trading day, unknown at the close",
                key="offset",
            )
        if self.frequency not in _NOUN:
            object.__setattr__(self, "_anchor", _parse_alias(self.frequency))

    def due(self, window: DriftWindow) -> np.ndarray:
        """True on the due days among the window's candidates (bool, ``(n,)``)."""
        n = len(window.dates)
        if self.offset == 0:  # the previous trading day of each candidate is in the window
            days = _days(np.concatenate([[window.last_rebalance.to_datetime64()], window.dates]))
            return self._opens(days, window)
        history = require_history(window, f"CalendarRule({self.frequency!r}, offset={self.offset})")
        opening_rows = candidate_rows(window, history) - self.offset
        due = np.zeros(n, dtype=bool)
        known = opening_rows >= 0
        if not known.any():
            return due
        low, high = int(opening_rows[known][0]), int(opening_rows[-1])
        trading_days = _days(history.dates[: high + 1])
        before = trading_days[low - 1] if low > 0 else trading_days[0] - 1
        days = np.concatenate([[before], trading_days[low:]])
        due[known] = self._opens(days, window)[opening_rows[known] - low]
        return due

    def _opens(self, days: np.ndarray, window: DriftWindow) -> np.ndarray:
        """Bool ``(len(days) - 1,)``: ``days[j + 1]`` is the first trading day on or after an
        anchor (an anchor falls in ``(days[j], days[j + 1]]``); ``days`` are ascending day numbers."""
        if self._anchor is None:
            frequency = cast(RebalanceFrequency, self.frequency)
            periods = period_numbers(days.astype("datetime64[D]"), frequency)
            changed: np.ndarray = np.diff(periods) != 0
            return changed
        if self._anchor.n == 1:
            origin = None
        else:  # a multiple counts its anchors from the first date of the history
            history: MarketHistory = require_history(window, f"CalendarRule({self.frequency!r})")
            origin = int(_days(history.dates[:1])[0])
        anchors = self._anchor_days(int(days[0]), int(days[-1]), origin)
        passed = np.searchsorted(anchors, days, side="right")  # anchors <= each day
        opened: np.ndarray = np.diff(passed) > 0
        return opened

    def _anchor_days(self, low: int, high: int, origin: int | None) -> np.ndarray:
        """Day numbers of every anchor in ``[low, high]`` (and maybe more), ascending: those of
        ``date_range(low, ...)`` for a single offset, of ``date_range(origin, ...)`` for a
        multiple. Kept between calls and extended a year ahead at a time (pandas builds
        non-fixed offsets one date at a time)."""
        kept = self._kept[0] if self._kept else None
        if kept is not None and kept.origin == origin and (origin is not None or kept.first <= low):
            if high <= kept.last:
                return kept.days
            # continue from the last anchor (a multiple keeps its phase) or the last day covered
            if origin is None:
                begin = kept.last + 1
            else:
                begin = int(kept.days[-1]) if kept.days.size else origin
            first, known = kept.first, kept.days
        else:
            first = low if origin is None else origin
            begin, known = first, np.zeros(0, dtype=np.int64)
        end = max(high, begin) + 366
        more = pd.date_range(
            start=pd.Timestamp(np.datetime64(begin, "D")),
            end=pd.Timestamp(np.datetime64(end, "D")),
            freq=self._anchor,
        )
        days = np.union1d(known, _days(more))
        self._kept[:] = [_Anchors(origin=origin, first=first, last=end, days=days)]
        return days

    def describe(self) -> str:
        """E.g. ``"monthly calendar (first trading day of each month)"``, ``"'W-FRI' calendar
        (2nd trading day on or after each W-FRI anchor)"``."""
        day = "first" if self.offset == 0 else _ordinal(self.offset + 1)
        if self._anchor is None:
            return f"{self.frequency} calendar ({day} trading day of each {_NOUN[self.frequency]})"
        return f"{self.frequency!r} calendar ({day} trading day on or after each {self.frequency} anchor)"

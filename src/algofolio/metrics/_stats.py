"""Intermediate results of validated returns, each computed once and shared by the metrics.

:class:`ReturnStats` computes, on first use, the moments, the wealth path and the drawdowns of all
series of a :class:`Columns` at once (numpy, no loop over series); :func:`summary` evaluates every
metric on one instance. Wealth starts at 1 and compounds the simple returns; the drawdown is the
positive fraction of the wealth below its running peak, the starting 1 included.

>>> import numpy as np, pandas as pd
>>> from algofolio.metrics._columns import Columns
>>> returns = np.array([[0.10], [-0.20], [0.05], [0.30]])
>>> stats = ReturnStats(Columns.from_starts(returns, np.array([0]), ("r",), pd.RangeIndex(4)))
>>> stats.underwater[:, 0].round(4).tolist(), stats.longest_drawdown.tolist()
([0.0, 0.2, 0.16, 0.0], [3])
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from algofolio.core.frequency import check_annual_rate, per_period_rate
from algofolio.metrics._checks import PeriodsPerYear, periods_per_year_of
from algofolio.metrics._columns import Columns

__all__ = ["ReturnStats", "Spells", "per_period_rates", "underwater_spells"]


def per_period_rates(annual_rate: float, periods_per_year: np.ndarray) -> np.ndarray:
    """:func:`~algofolio.core.per_period_rate` of ``annual_rate`` for each periods per year."""
    rates = np.empty_like(periods_per_year)
    for periods in np.unique(periods_per_year).tolist():
        rates[periods_per_year == periods] = per_period_rate(annual_rate, periods)
    return rates


@dataclass(frozen=True, slots=True, eq=False)
class Spells:
    """Underwater spells of ``(T, N)`` drawdowns as flat arrays, ordered by series then date:
    ``series``, the rows ``first`` and ``last`` below the peak, whether the wealth regains the
    peak after ``last`` (``recovered``), and ``length``: periods from the peak (the row before
    ``first``) to the recovery, or to the last row when not recovered."""

    series: np.ndarray
    first: np.ndarray
    last: np.ndarray
    recovered: np.ndarray
    length: np.ndarray


def underwater_spells(underwater: np.ndarray) -> Spells:
    """The runs of positive drawdown of each column of ``underwater`` (``(T, N)``), all at once."""
    n_rows, n_series = underwater.shape
    height = n_rows + 2  # one row above water before and after each series
    framed = np.zeros((height, n_series), dtype=np.int8, order="F")
    framed[1:-1] = underwater > 0.0
    edges = np.diff(framed.ravel(order="F"))  # within a column: +1 going under, -1 coming back
    downs, ups = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    first, last = downs % height, ups % height - 1
    recovered = last + 1 < n_rows
    return Spells(downs // height, first, last, recovered, last - first + 1 + recovered)


@dataclass(frozen=True, slots=True)
class CentralMoments:
    """Means of the second, third and fourth powers of the deviations from the mean, ``(N,)``."""

    m2: np.ndarray
    m3: np.ndarray
    m4: np.ndarray


class ReturnStats:
    """Lazily computed, cached intermediate results of validated returns (``(N,)`` arrays, or
    ``(T, N)`` for paths): moments, excess returns, wealth, drawdowns.

    ``periods_per_year`` is given (checked) or inferred per series when ``None`` (see
    :func:`periods_per_year_of`); ``risk_free_rate`` is annual, a finite number > -1
    (:class:`~algofolio.core.errors.ConfigError` naming it otherwise).
    """

    def __init__(
        self,
        columns: Columns,
        *,
        periods_per_year: float | None = None,
        risk_free_rate: float = 0.0,
    ) -> None:
        self.columns = columns
        self.risk_free_rate = check_annual_rate(risk_free_rate, "risk_free_rate")
        self._periods_per_year = periods_per_year
        self._quantiles: dict[float, np.ndarray] = {}

    @cached_property
    def periods(self) -> PeriodsPerYear:
        return periods_per_year_of(self.columns, self._periods_per_year)

    @property
    def ppy(self) -> np.ndarray:
        """Periods per year of each series."""
        return self.periods.each

    @cached_property
    def rate(self) -> np.ndarray:
        """Risk-free rate per period of each series."""
        return per_period_rates(self.risk_free_rate, self.ppy)

    @cached_property
    def mean(self) -> np.ndarray:
        return self.columns.mean(self.columns.array)

    @cached_property
    def centred(self) -> np.ndarray:
        """Deviations from the mean, ``(T, N)``."""
        centred: np.ndarray = self.columns.array - self.mean
        return centred

    @cached_property
    def squared(self) -> np.ndarray:
        """Squared deviations from the mean, ``(T, N)``."""
        squared: np.ndarray = self.centred * self.centred
        return squared

    @cached_property
    def squared_deviations(self) -> np.ndarray:
        """Sum of the squared deviations from the mean."""
        return self.columns.sum(self.squared)

    @cached_property
    def std(self) -> np.ndarray:
        """Standard deviation, ddof=1 (as ``numpy.std``)."""
        std: np.ndarray = np.sqrt(self.squared_deviations / (self.columns.counts - 1))
        return std

    @cached_property
    def highest(self) -> np.ndarray:
        return self.columns.max(self.columns.array)

    @cached_property
    def lowest(self) -> np.ndarray:
        return self.columns.min(self.columns.array)

    def quantile(self, q: float) -> np.ndarray:
        """``numpy.quantile`` (linear) of each series' returns at ``q``; computed once per ``q``."""
        if q not in self._quantiles:
            self._quantiles[q] = self.columns.quantile(self.columns.array, q)
        return self._quantiles[q]

    @cached_property
    def excess(self) -> np.ndarray:
        """Returns minus the risk-free rate per period (the returns themselves for a zero rate)."""
        if not self.rate.any():
            return self.columns.array
        excess: np.ndarray = self.columns.array - self.rate
        return excess

    @cached_property
    def excess_mean(self) -> np.ndarray:
        return self.mean if self.excess is self.columns.array else self.columns.mean(self.excess)

    @cached_property
    def excess_centred(self) -> np.ndarray:
        """Deviations of the excess returns from their mean, ``(T, N)``."""
        if self.excess is self.columns.array:
            return self.centred
        centred: np.ndarray = self.excess - self.excess_mean
        return centred

    @cached_property
    def excess_std(self) -> np.ndarray:
        """Standard deviation of the excess returns, ddof=1."""
        if self.excess is self.columns.array:
            return self.std
        squares = self.columns.sum(self.excess_centred * self.excess_centred)
        std: np.ndarray = np.sqrt(squares / (self.columns.counts - 1))
        return std

    @property
    def excess_highest(self) -> np.ndarray:
        # rounding is monotone: the largest excess return is the largest return minus the rate
        highest: np.ndarray = self.highest - self.rate
        return highest

    @property
    def excess_lowest(self) -> np.ndarray:
        lowest: np.ndarray = self.lowest - self.rate
        return lowest

    @cached_property
    def moments(self) -> CentralMoments:
        counts, squared = self.columns.counts, self.squared
        power = squared * self.centred
        m3 = self.columns.sum(power) / counts
        m4 = self.columns.sum(np.multiply(squared, squared, out=power)) / counts
        return CentralMoments(self.squared_deviations / counts, m3, m4)

    @cached_property
    def wealth(self) -> np.ndarray:
        """Wealth path ``(T, N)``: 1 before each series' first return, then compounded."""
        wealth: np.ndarray = np.add(self.columns.array, 1.0)
        return np.multiply.accumulate(wealth, axis=0, out=wealth)  # in place: half the time

    @cached_property
    def final_wealth(self) -> np.ndarray:
        """Wealth after each series' last return: ``prod(1 + r)``, multiplied in date order."""
        final: np.ndarray = self.wealth[-1] if len(self.wealth) else np.ones(self.columns.n_series)
        return final

    @cached_property
    def underwater(self) -> np.ndarray:
        """Drawdown path ``(T, N)``: positive fraction below the running peak (start at 1)."""
        peak = np.maximum.accumulate(self.wealth, axis=0)
        np.maximum(peak, 1.0, out=peak)
        np.divide(self.wealth, peak, out=peak)
        return np.subtract(1.0, peak, out=peak)

    @cached_property
    def max_drawdown(self) -> np.ndarray:
        return self.columns.max(self.underwater)

    @cached_property
    def longest_drawdown(self) -> np.ndarray:
        """Longest underwater spell of each series, in periods (see :class:`Spells`); int64."""
        spells = underwater_spells(self.underwater)
        longest = np.zeros(self.columns.n_series, dtype=np.int64)
        np.maximum.at(longest, spells.series, spells.length)
        return longest

"""Per-series checks, raised in the order a series computed alone would raise them.

A metric computes all its series at once, then raises the error of the first failing series (in
column order) and, for that series, of its first failing :class:`Check` in the order given: the
error the metric raises for that series alone. Also: periods per year, per series.

>>> import numpy as np
>>> from algofolio.core.errors import EstimationError
>>> failed = Check(np.array([False, True]), lambda j: EstimationError(f"series {j} failed"))
>>> raise_first([failed])
Traceback (most recent call last):
...
algofolio.core.errors.EstimationError: series 1 failed
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from algofolio.core.errors import AlgofolioError, DataError, EstimationError
from algofolio.core.frequency import resolve_periods_per_year
from algofolio.metrics._columns import Columns

__all__ = [
    "Check",
    "Measured",
    "PeriodsPerYear",
    "periods_per_year_of",
    "raise_first",
    "too_few",
    "too_short",
    "unchecked_floats",
    "zero_dispersion",
]


@dataclass(frozen=True, slots=True, eq=False)
class Check:
    """Which series fail (``(N,)`` bool) and the error of failing series ``j``."""

    failed: np.ndarray
    error: Callable[[int], AlgofolioError]


@dataclass(frozen=True, slots=True, eq=False)
class Measured:
    """A metric of ``N`` series: its ``result`` and the ``checks`` that decide if it raises."""

    result: np.ndarray
    checks: tuple[Check, ...]

    def checked(self, columns: Columns) -> np.ndarray:
        """The result in the input's order, once no check fails (else the error
        :func:`raise_first` picks) for the series of ``columns``."""
        raise_first(self.checks, columns.order)
        return columns.in_input_order(self.result)


def unchecked_floats() -> np.errstate:
    """numpy's floating-point warnings off while all series are computed at once: a series whose
    value is undefined (0 / 0, overflow) fails a check, and the others must not warn for it."""
    return np.errstate(divide="ignore", invalid="ignore", over="ignore")


def raise_first(checks: Iterable[Check], order: np.ndarray | None = None) -> None:
    """Raise the error of the first failing series and, for it, of its first failing check.

    ``order[i]`` is the position in the input of series ``i`` (default: ``i``): "first" is in
    the input's order.
    """
    first: tuple[int, Check] | None = None
    for check in checks:
        failed = check.failed
        if order is not None:
            failed = np.empty_like(check.failed)
            failed[order] = check.failed
        hits = np.flatnonzero(failed)
        if len(hits) and (first is None or hits[0] < first[0]):
            first = (int(hits[0]), check)
    if first is not None:
        position, check = first
        series = position if order is None else int(np.flatnonzero(order == position)[0])
        raise check.error(series)


def too_few(columns: Columns, min_periods: int) -> Check:
    """Series with fewer than ``min_periods`` returns (the message of the input validation)."""
    counts = columns.counts

    def error(j: int) -> DataError:
        name = columns.names[j]
        return DataError(
            f"{name}: {counts[j]} return(s) after dropping leading NaN, need at least {min_periods}",
            asset=name,
        )

    return Check(counts < min_periods, error)


def too_short(columns: Columns, min_periods: int, what: str) -> Check:
    """Series with fewer than ``min_periods`` returns for ``what`` (e.g. "Gaussian VaR")."""
    counts = columns.counts

    def error(j: int) -> DataError:
        name = columns.names[j]
        return DataError(
            f"{name}: {what} needs at least {min_periods} returns, got {counts[j]}", asset=name
        )

    return Check(counts < min_periods, error)


# Values whose spread is below this share of their magnitude are equal up to rounding: the standard
# deviation of ``a - (a - c)`` is a residue near 1e-18, and dividing by it gives a meaningless 1e15.
_RELATIVE_SPREAD = 1e-12


def zero_dispersion(
    names: Sequence[str], maximum: np.ndarray, minimum: np.ndarray, what: str
) -> Check:
    """Series whose values (largest ``maximum``, smallest ``minimum``) are all equal up to
    rounding, for which ``what`` is undefined (:class:`EstimationError` naming ``names[j]``)."""
    magnitude = np.maximum(np.abs(maximum), np.abs(minimum))
    failed = maximum - minimum <= _RELATIVE_SPREAD * magnitude

    def error(j: int) -> EstimationError:
        return EstimationError(f"{names[j]}: {what} is undefined: the returns have zero dispersion")

    return Check(failed, error)


@dataclass(frozen=True, slots=True, eq=False)
class PeriodsPerYear:
    """Periods per year of each series (``(N,)``; 1.0 where ``check`` fails) and the check of
    the series whose periods per year cannot be inferred."""

    each: np.ndarray
    check: Check


def periods_per_year_of(columns: Columns, periods_per_year: float | None) -> PeriodsPerYear:
    """``periods_per_year`` if given (checked), else inferred from the dates each series uses;
    once per group of series sharing their dates. The error of a series names it."""
    values = np.ones(columns.n_series)
    failed = np.zeros(columns.n_series, dtype=bool)
    errors: dict[int, DataError] = {}
    for number, group in enumerate(columns.groups):
        try:
            values[group.columns] = resolve_periods_per_year(
                columns.index[group.rows], periods_per_year
            )
        except DataError as exc:
            failed[group.columns] = True
            errors[number] = exc
    group_of = columns.group_of()

    def error(j: int) -> DataError:
        cause, name = errors[int(group_of[j])], columns.names[j]
        return DataError(f"{name}: {cause}", asset=name, date=cause.date)

    return PeriodsPerYear(values, Check(failed, error))

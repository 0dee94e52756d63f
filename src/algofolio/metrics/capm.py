"""Performance relative to a benchmark: CAPM alpha and beta, tracking error, information ratio.

The return series and the benchmark are each cleaned (leading NaN dropped; a NaN after the first
return raises :class:`DataError` naming the series and the date) and then aligned on their common
dates; no common date raises :class:`DataError`. ``periods_per_year`` is inferred from the common
dates when not given; ``risk_free_rate`` is an **annual** rate converted per period geometrically.
A ``DataFrame`` of return series is compared with the benchmark for all its columns at once.

>>> import pandas as pd
>>> dates = pd.date_range("2024-01-31", periods=4, freq="ME")
>>> bench = pd.Series([0.01, -0.02, 0.03, 0.00], index=dates)
>>> fund = 0.001 + 2.0 * bench
>>> fit = alpha_beta(fund, bench)
>>> round(fit.beta, 6), round(fit.alpha, 6)  # (1 + 0.001) ** 12 - 1
(2.0, 0.012066)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from algofolio.core.errors import DataError, EstimationError
from algofolio.metrics._checks import (
    Check,
    Measured,
    unchecked_floats,
    zero_dispersion,
)
from algofolio.metrics._columns import Columns, RowGroup, selector
from algofolio.metrics._stats import ReturnStats
from algofolio.metrics._validate import columnwise, date_label, series_name, validate_returns

__all__ = ["AlphaBeta", "alpha_beta", "information_ratio", "tracking_error"]


@dataclass(frozen=True, slots=True)
class AlphaBeta:
    """CAPM fit of a return series on a benchmark.

    ``beta`` is ``cov / var`` of the excess returns over the risk-free rate; ``alpha`` is annualised
    as empyrical does it, ``(1 + mean per-period alpha) ** periods_per_year - 1``, where the
    per-period alpha is ``mean(r - rf - beta * (b - rf))``.
    """

    alpha: float
    beta: float


@dataclass(frozen=True, slots=True, eq=False)
class Aligned:
    """Return series and a benchmark on their common dates, sorted: ``returns`` holds each series
    on the dates it shares with the benchmark, ``benchmark`` the benchmark on all of them
    (``(C,)``); ``checks`` fail for series with fewer than 2 common dates."""

    returns: Columns
    benchmark: np.ndarray
    checks: tuple[Check, ...]


def align(columns: Columns, benchmark: pd.Series) -> Aligned:
    """Validate ``benchmark`` (raising :class:`DataError` naming it) and align ``columns`` on it."""
    if not isinstance(benchmark, pd.Series):
        raise DataError(f"benchmark must be a pandas Series, got {type(benchmark).__name__}")
    label = "benchmark" if benchmark.name is None else f"benchmark {series_name(benchmark)}"
    checked = validate_returns(benchmark, min_periods=1, name=label)
    if checked.error is not None:
        raise checked.error
    bench = checked.columns
    _require_unique_dates(columns.index, "the returns")
    _require_unique_dates(bench.index, f"the {label}")
    common = columns.index.intersection(bench.index, sort=False).sort_values()
    rows = columns.index.get_indexer(common)
    n_rows = len(columns.index)
    if np.array_equal(rows, np.arange(n_rows)):
        values = columns.array
    else:
        values = np.asfortranarray(columns.array[rows])
    groups = tuple(
        RowGroup(selector(np.flatnonzero(rows >= group.first_row(n_rows))), group.columns)
        for group in columns.groups
    )
    aligned = Columns(values, groups, columns.names, columns.order, common)
    counts, names = aligned.counts, columns.names
    no_date = Check(
        counts == 0,
        lambda j: DataError(f"{names[j]} and the {label} have no date in common", asset=names[j]),
    )
    one_date = Check(
        counts < 2,
        lambda j: DataError(
            f"{names[j]} and the {label} have {counts[j]} date in common, need at least 2",
            asset=names[j],
        ),
    )
    on_common = bench.array[bench.index.get_indexer(common), 0]
    return Aligned(aligned, on_common, (no_date, one_date))


def _require_unique_dates(index: pd.Index, what: str) -> None:
    if not index.is_unique:
        date = index[index.duplicated()][0]
        raise DataError(
            f"{what}: the date {date_label(date)} appears more than once; "
            "dates must be unique to align on the benchmark",
            date=date,
        )


class BenchmarkStats:
    """Cached intermediate results of return series against a benchmark on their common dates;
    ``periods_per_year`` as in :class:`ReturnStats` (inferred from the common dates when ``None``)."""

    def __init__(
        self,
        aligned: Aligned,
        *,
        periods_per_year: float | None = None,
        risk_free_rate: float = 0.0,
    ) -> None:
        self.aligned = aligned
        self.returns = ReturnStats(
            aligned.returns, periods_per_year=periods_per_year, risk_free_rate=risk_free_rate
        )
        self.checks = (*aligned.checks, self.returns.periods.check)

    @cached_property
    def benchmark_excess(self) -> np.ndarray:
        """Benchmark minus each series' risk-free rate per period, ``(C, N)``."""
        excess: np.ndarray = np.subtract(
            self.aligned.benchmark[:, np.newaxis], self.returns.rate, order="F"
        )
        return excess

    @cached_property
    def benchmark_mean(self) -> np.ndarray:
        """Mean benchmark excess return on each series' common dates."""
        return self.aligned.returns.mean(self.benchmark_excess)

    @cached_property
    def beta(self) -> np.ndarray:
        columns = self.aligned.returns
        centred_bench = self.benchmark_excess - self.benchmark_mean
        ddof = columns.counts - 1
        covariance = columns.sum(self.returns.excess_centred * centred_bench) / ddof
        variance = columns.sum(np.multiply(centred_bench, centred_bench, out=centred_bench)) / ddof
        beta: np.ndarray = covariance / variance
        return beta

    @cached_property
    def active(self) -> np.ndarray:
        """Active returns: returns minus the benchmark (no risk-free rate), ``(C, N)``."""
        active: np.ndarray = self.aligned.returns.array - self.aligned.benchmark[:, np.newaxis]
        return active

    @cached_property
    def active_mean(self) -> np.ndarray:
        return self.aligned.returns.mean(self.active)

    @cached_property
    def tracking_error(self) -> np.ndarray:
        """Standard deviation (ddof=1) of the active returns, per period."""
        return self.aligned.returns.std(self.active, self.active_mean)


def beta_of(fit: BenchmarkStats) -> Measured:
    columns, bench = fit.aligned.returns, fit.benchmark_excess
    names = ("benchmark",) * columns.n_series
    flat = zero_dispersion(names, columns.max(bench), columns.min(bench), "beta")
    return Measured(fit.beta, (*fit.checks, flat))


def alpha_of(fit: BenchmarkStats) -> Measured:
    beta, names = beta_of(fit), fit.aligned.returns.names
    # the mean of r - rf - beta (b - rf)
    per_period = fit.returns.excess_mean - beta.result * fit.benchmark_mean
    alpha = np.power(1.0 + per_period, fit.returns.ppy) - 1.0
    undefined = Check(
        ~np.isfinite(alpha),
        lambda j: EstimationError(
            f"{names[j]}: alpha is undefined: (1 + alpha per period) ** periods_per_year "
            "is not a finite real number"
        ),
    )
    return Measured(alpha, (*beta.checks, undefined))


def tracking_error_of(fit: BenchmarkStats) -> Measured:
    return Measured(fit.tracking_error * np.sqrt(fit.returns.ppy), fit.checks)


def information_ratio_of(fit: BenchmarkStats) -> Measured:
    columns = fit.aligned.returns
    what = "the information ratio (zero tracking error)"
    flat = zero_dispersion(columns.names, columns.max(fit.active), columns.min(fit.active), what)
    values = fit.active_mean / fit.tracking_error * np.sqrt(fit.returns.ppy)
    return Measured(values, (*fit.checks, flat))


def alpha_beta(
    returns: pd.Series,
    benchmark: pd.Series,
    *,
    risk_free_rate: float = 0.0,
    periods_per_year: float | None = None,
) -> AlphaBeta:
    """CAPM alpha (annualised, compounded) and beta of ``returns`` on ``benchmark`` (both
    ``Series``), over their common dates; see :class:`AlphaBeta`. Needs 2 common dates; a constant
    benchmark raises :class:`EstimationError`.

    >>> import pandas as pd
    >>> b = pd.Series([0.01, -0.01, 0.02], index=pd.RangeIndex(3))
    >>> alpha_beta(b * 0.5, b, periods_per_year=12)
    AlphaBeta(alpha=0.0, beta=0.5)
    """
    if isinstance(returns, pd.DataFrame):
        raise DataError("alpha_beta takes one return Series; pass a column")
    checked = validate_returns(returns, min_periods=1)
    if checked.error is not None:
        raise checked.error
    fit = BenchmarkStats(
        align(checked.columns, benchmark),
        periods_per_year=periods_per_year,
        risk_free_rate=risk_free_rate,
    )
    with unchecked_floats():
        beta, alpha = (
            beta_of(fit).checked(fit.aligned.returns),
            alpha_of(fit).checked(fit.aligned.returns),
        )
    return AlphaBeta(alpha=float(alpha[0]), beta=float(beta[0]))


@columnwise(min_periods=1)
def tracking_error(
    returns: Columns, benchmark: pd.Series, *, periods_per_year: float | None = None
) -> Measured:
    """Annualised tracking error: standard deviation (ddof=1) of the active return ``r - b`` times
    ``sqrt(periods_per_year)``, over the common dates. Needs 2 common dates.

    >>> import pandas as pd
    >>> b = pd.Series([0.01, 0.02], index=pd.RangeIndex(2))
    >>> round(tracking_error(b + pd.Series([0.01, 0.03], index=b.index), b, periods_per_year=4), 6)
    0.028284
    """
    fit = BenchmarkStats(align(returns, benchmark), periods_per_year=periods_per_year)
    return tracking_error_of(fit)


@columnwise(min_periods=1)
def information_ratio(
    returns: Columns, benchmark: pd.Series, *, periods_per_year: float | None = None
) -> Measured:
    """Annualised information ratio: mean active return times ``periods_per_year`` over the
    :func:`tracking_error` (so ``sqrt(periods_per_year)`` times quantstats' and empyrical's
    per-period ratio). Needs 2 common dates; a constant active return raises
    :class:`EstimationError`.

    >>> import pandas as pd
    >>> b = pd.Series([0.01, 0.02], index=pd.RangeIndex(2))
    >>> round(information_ratio(b + pd.Series([0.01, 0.03], index=b.index), b, periods_per_year=4), 6)
    2.828427
    """
    fit = BenchmarkStats(align(returns, benchmark), periods_per_year=periods_per_year)
    return information_ratio_of(fit)

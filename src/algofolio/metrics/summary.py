"""One table of the metrics of one or more return series, and how to format each row.

>>> import pandas as pd
>>> r = pd.Series([0.02, -0.01, 0.03, -0.02, 0.01, 0.02], index=pd.date_range("2024-01-31", periods=6, freq="ME"))
>>> table = summary(r)
>>> table.loc[["Total return", "Max drawdown", "Hit rate"], "portfolio"].round(4).tolist()
[0.0501, 0.02, 0.6667]
>>> SUMMARY_FORMATS["Sharpe ratio"], SUMMARY_FORMATS["VaR 95% (historical)"]
('ratio', 'percent')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

import numpy as np
import pandas as pd

from algofolio.core.errors import DataError
from algofolio.metrics._checks import (
    Check,
    Measured,
    raise_first,
    unchecked_floats,
)
from algofolio.metrics._columns import Columns
from algofolio.metrics._stats import ReturnStats
from algofolio.metrics._validate import validate_returns
from algofolio.metrics.capm import (
    BenchmarkStats,
    align,
    alpha_of,
    beta_of,
    information_ratio_of,
    tracking_error_of,
)
from algofolio.metrics.distribution import (
    best_period_of,
    hit_rate_of,
    kurtosis_of,
    skewness_of,
    worst_period_of,
)
from algofolio.metrics.drawdown import max_drawdown_duration_of, max_drawdown_of
from algofolio.metrics.performance import (
    annualized_return_of,
    annualized_volatility_of,
    cagr_of,
    calmar_of,
    sharpe_of,
    sortino_of,
    total_return_of,
)
from algofolio.metrics.var import (
    check_confidence,
    cornish_fisher_var_of,
    historical_cvar_of,
    historical_var_of,
)

__all__ = ["SUMMARY_FORMATS", "MetricFormat", "summary", "summary_formats"]

MetricFormat = Literal["percent", "ratio", "periods"]
"""How a report shows a summary row: a percentage, a plain ratio, or a count of periods."""


@dataclass(frozen=True, slots=True, eq=False)
class _Inputs:
    """What the rows of all columns need: their statistics, the VaR tail probability and, with a
    benchmark, the statistics against it."""

    stats: ReturnStats
    alpha: float
    benchmark: BenchmarkStats | None = None

    def fit(self) -> BenchmarkStats:
        assert self.benchmark is not None  # benchmark rows are only evaluated with a benchmark
        return self.benchmark


_Row = tuple[str, MetricFormat, Callable[[_Inputs], Measured]]

# Labels may hold "{level}", the confidence as a percentage ("95%").
_ROWS: tuple[_Row, ...] = (
    ("Total return", "percent", lambda k: total_return_of(k.stats)),
    ("CAGR", "percent", lambda k: cagr_of(k.stats)),
    ("Annualized return", "percent", lambda k: annualized_return_of(k.stats)),
    ("Annualized volatility", "percent", lambda k: annualized_volatility_of(k.stats)),
    ("Sharpe ratio", "ratio", lambda k: sharpe_of(k.stats)),
    ("Sortino ratio", "ratio", lambda k: sortino_of(k.stats)),
    ("Calmar ratio", "ratio", lambda k: calmar_of(k.stats)),
    ("Max drawdown", "percent", lambda k: max_drawdown_of(k.stats)),
    ("Max drawdown duration", "periods", lambda k: max_drawdown_duration_of(k.stats)),
    ("VaR {level} (historical)", "percent", lambda k: historical_var_of(k.stats, k.alpha)),
    ("CVaR {level} (historical)", "percent", lambda k: historical_cvar_of(k.stats, k.alpha)),
    (
        "VaR {level} (Cornish-Fisher)",
        "percent",
        lambda k: cornish_fisher_var_of(k.stats, k.alpha),
    ),
    ("Skewness", "ratio", lambda k: skewness_of(k.stats)),
    ("Kurtosis", "ratio", lambda k: kurtosis_of(k.stats)),
    ("Hit rate", "percent", lambda k: hit_rate_of(k.stats)),
    ("Best period", "percent", lambda k: best_period_of(k.stats)),
    ("Worst period", "percent", lambda k: worst_period_of(k.stats)),
)

_BENCHMARK_ROWS: tuple[_Row, ...] = (
    ("Alpha", "percent", lambda k: alpha_of(k.fit())),
    ("Beta", "ratio", lambda k: beta_of(k.fit())),
    ("Tracking error", "percent", lambda k: tracking_error_of(k.fit())),
    ("Information ratio", "ratio", lambda k: information_ratio_of(k.fit())),
)


def _label(template: str, confidence: float) -> str:
    return template.format(level=f"{confidence * 100:g}%")


def summary_formats(confidence: float = 0.95) -> Mapping[str, MetricFormat]:
    """Format of each row label :func:`summary` can produce at ``confidence`` (benchmark rows too).

    >>> summary_formats(0.99)["CVaR 99% (historical)"]
    'percent'
    """
    level = check_confidence(confidence)
    rows = _ROWS + _BENCHMARK_ROWS
    return MappingProxyType({_label(label, level): fmt for label, fmt, _ in rows})


SUMMARY_FORMATS: Mapping[str, MetricFormat] = summary_formats()
"""Row label -> format of the summary at the default 95% confidence; see :func:`summary_formats`."""


def summary(
    returns: pd.Series | pd.DataFrame,
    *,
    benchmark: pd.Series | None = None,
    risk_free_rate: float = 0.0,
    periods_per_year: float | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Metrics (rows, human labels) of each return series (columns) as floats.

    A ``Series`` gives one column named after it (``"portfolio"`` when unnamed); a ``DataFrame`` one
    column per series. Each column starts at its own first return (a strategy that starts later is
    not truncated to the latest start) and, with a ``benchmark``, is compared with it on their common
    dates (rows "Alpha", "Beta", "Tracking error", "Information ratio"). ``periods_per_year`` is
    inferred per column when not given (for the benchmark rows from the common dates, as
    :func:`tracking_error` does). Conventions are those of each metric function; any metric that
    cannot be computed raises (naming the series) rather than leaving a NaN: e.g. the benchmark
    itself has no tracking error, so summarise it in a call without ``benchmark=``.
    :data:`SUMMARY_FORMATS` / :func:`summary_formats` tell how to format each row. The returns are
    validated once and every metric is computed for all columns at once.

    >>> import pandas as pd
    >>> r = pd.Series([0.02, -0.01, 0.03, -0.02], index=pd.date_range("2024-01-31", periods=4, freq="ME"), name="fund")
    >>> summary(r).loc["Annualized return", "fund"].round(4)
    np.float64(0.06)
    """
    level = check_confidence(confidence)
    if isinstance(returns, pd.Series):
        frame = returns.to_frame("portfolio" if returns.name is None else returns.name)
    elif isinstance(returns, pd.DataFrame):
        frame = returns
    else:
        raise DataError(
            f"returns must be a pandas Series or DataFrame, got {type(returns).__name__}"
        )
    if benchmark is not None and not isinstance(benchmark, pd.Series):
        raise DataError(f"benchmark must be a pandas Series, got {type(benchmark).__name__}")
    rows = _ROWS if benchmark is None else _ROWS + _BENCHMARK_ROWS
    labels = [_label(label, level) for label, _, _ in rows]
    checked = validate_returns(frame, min_periods=1)
    values = np.empty((len(rows), 0))
    if checked.columns.n_series:
        with unchecked_floats():
            values = _evaluate(
                _Inputs(
                    ReturnStats(
                        checked.columns,
                        periods_per_year=periods_per_year,
                        risk_free_rate=risk_free_rate,
                    ),
                    1.0 - level,
                ),
                benchmark,
                periods_per_year,
            )
    if checked.error is not None:
        raise checked.error
    table = pd.DataFrame(values, index=pd.Index(labels, name="metric"), columns=frame.columns)
    return table.astype("float64")


def _evaluate(
    inputs: _Inputs, benchmark: pd.Series | None, periods_per_year: float | None
) -> np.ndarray:
    """Every row for every column (``(rows, N)``), raising the first column's first failure.

    The benchmark rows resolve ``periods_per_year`` on the common dates, as the benchmark metric
    functions do (:mod:`algofolio.metrics.capm`)."""
    stats = inputs.stats
    measured = [measure(inputs) for _, _, measure in _ROWS]
    checks: list[Check] = [stats.periods.check]
    checks.extend(check for row in measured for check in row.checks)
    if benchmark is not None:
        try:
            aligned = align(stats.columns, benchmark)
        except DataError as exc:  # the benchmark fails after the first column's own rows
            first = _first_column_fails(stats.columns, exc)
            raise_first([*checks, first], stats.columns.order)
            raise
        fit = BenchmarkStats(
            aligned, periods_per_year=periods_per_year, risk_free_rate=stats.risk_free_rate
        )
        with_benchmark = _Inputs(stats, inputs.alpha, fit)
        for _, _, measure in _BENCHMARK_ROWS:
            measured.append(measure(with_benchmark))
            checks.extend(measured[-1].checks)
    raise_first(checks, stats.columns.order)
    return stats.columns.in_input_order(np.vstack([row.result for row in measured]))


def _first_column_fails(columns: Columns, error: DataError) -> Check:
    """``error`` for the first series of the input (whatever its position in ``columns``)."""
    return Check(columns.order == 0, lambda j: error)

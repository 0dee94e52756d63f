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

import pandas as pd

from algofolio.core.errors import DataError
from algofolio.core.frequency import resolve_periods_per_year
from algofolio.metrics._series import clean_returns
from algofolio.metrics.capm import alpha_beta, information_ratio, tracking_error
from algofolio.metrics.distribution import best_period, hit_rate, kurtosis, skewness, worst_period
from algofolio.metrics.drawdown import max_drawdown, max_drawdown_duration
from algofolio.metrics.performance import (
    annualized_return,
    annualized_volatility,
    cagr,
    calmar_ratio,
    sharpe_ratio,
    sortino_ratio,
    total_return,
)
from algofolio.metrics.var import check_confidence, conditional_value_at_risk, value_at_risk

__all__ = ["SUMMARY_FORMATS", "MetricFormat", "summary", "summary_formats"]

MetricFormat = Literal["percent", "ratio", "periods"]
"""How a report shows a summary row: a percentage, a plain ratio, or a count of periods."""


@dataclass(frozen=True, slots=True)
class _Inputs:
    """What every row of one column needs besides the returns."""

    risk_free_rate: float
    periods_per_year: float
    confidence: float
    benchmark: pd.Series | None = None

    def bench(self) -> pd.Series:
        assert self.benchmark is not None  # benchmark rows are only evaluated with a benchmark
        return self.benchmark


_Row = tuple[str, MetricFormat, Callable[[pd.Series, _Inputs], float]]

# Labels may hold "{level}", the confidence as a percentage ("95%").
_ROWS: tuple[_Row, ...] = (
    ("Total return", "percent", lambda r, k: total_return(r)),
    ("CAGR", "percent", lambda r, k: cagr(r, periods_per_year=k.periods_per_year)),
    (
        "Annualized return",
        "percent",
        lambda r, k: annualized_return(r, periods_per_year=k.periods_per_year),
    ),
    (
        "Annualized volatility",
        "percent",
        lambda r, k: annualized_volatility(r, periods_per_year=k.periods_per_year),
    ),
    (
        "Sharpe ratio",
        "ratio",
        lambda r, k: sharpe_ratio(
            r, risk_free_rate=k.risk_free_rate, periods_per_year=k.periods_per_year
        ),
    ),
    (
        "Sortino ratio",
        "ratio",
        lambda r, k: sortino_ratio(
            r, risk_free_rate=k.risk_free_rate, periods_per_year=k.periods_per_year
        ),
    ),
    ("Calmar ratio", "ratio", lambda r, k: calmar_ratio(r, periods_per_year=k.periods_per_year)),
    ("Max drawdown", "percent", lambda r, k: max_drawdown(r)),
    ("Max drawdown duration", "periods", lambda r, k: max_drawdown_duration(r)),
    ("VaR {level} (historical)", "percent", lambda r, k: value_at_risk(r, k.confidence)),
    (
        "CVaR {level} (historical)",
        "percent",
        lambda r, k: conditional_value_at_risk(r, k.confidence),
    ),
    (
        "VaR {level} (Cornish-Fisher)",
        "percent",
        lambda r, k: value_at_risk(r, k.confidence, method="cornish_fisher"),
    ),
    ("Skewness", "ratio", lambda r, k: skewness(r)),
    ("Kurtosis", "ratio", lambda r, k: kurtosis(r)),
    ("Hit rate", "percent", lambda r, k: hit_rate(r)),
    ("Best period", "percent", lambda r, k: best_period(r)),
    ("Worst period", "percent", lambda r, k: worst_period(r)),
)

_BENCHMARK_ROWS: tuple[_Row, ...] = (
    (
        "Alpha",
        "percent",
        lambda r, k: (
            alpha_beta(
                r, k.bench(), risk_free_rate=k.risk_free_rate, periods_per_year=k.periods_per_year
            ).alpha
        ),
    ),
    (
        "Beta",
        "ratio",
        lambda r, k: (
            alpha_beta(
                r, k.bench(), risk_free_rate=k.risk_free_rate, periods_per_year=k.periods_per_year
            ).beta
        ),
    ),
    (
        "Tracking error",
        "percent",
        lambda r, k: tracking_error(r, k.bench(), periods_per_year=k.periods_per_year),
    ),
    (
        "Information ratio",
        "ratio",
        lambda r, k: information_ratio(r, k.bench(), periods_per_year=k.periods_per_year),
    ),
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
    inferred per column when not given. Conventions are those of each metric function; any metric
    that cannot be computed raises (naming the series) rather than leaving a NaN: e.g. the benchmark
    itself has no tracking error, so summarise it in a call without ``benchmark=``.
    :data:`SUMMARY_FORMATS` / :func:`summary_formats` tell how to format each row.

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
    columns = {}
    for name in frame.columns:
        clean = clean_returns(frame[name])
        inputs = _Inputs(
            risk_free_rate=risk_free_rate,
            periods_per_year=resolve_periods_per_year(clean.index, periods_per_year),
            confidence=level,
            benchmark=benchmark,
        )
        columns[name] = [float(compute(clean, inputs)) for _, _, compute in rows]
    table = pd.DataFrame(columns, index=pd.Index(labels, name="metric"), columns=frame.columns)
    return table.astype("float64")

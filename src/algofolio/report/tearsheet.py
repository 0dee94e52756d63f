"""The charts of a backtest report, grouped in the sections the page shows, in order:

* **Performance** — value over time against the benchmark (log toggle), drawdown;
* **Risk** — rolling volatility, Sharpe ratio (risk-free 0) and beta (with a benchmark) over a
  6-month window, drawn at week ends; each strategy's distribution of returns with its historical VaR and CVaR (95%);
  the correlation of the assets' returns and, with two strategies or more, of the strategies';
* **Returns** — each strategy's monthly returns (years x months), annual returns of all series;
* **Allocation** — each strategy's weights over time (month ends) and its risk contribution by
  asset (``metrics.risk_contributions``): at the last date, and at quarter ends over time, on the
  trailing year of asset returns;
* **Trading** — turnover and costs per calendar year, from the rebalance log.

Everything is read off the comparison and computed with ``algofolio.metrics``; a chart whose data
are missing is left out (no weights or rebalances: a plain value series; no ``prices``; no
benchmark), and an empty section with it. A chart that cannot be computed for one strategy (e.g. a
rolling Sharpe ratio over a window with no dispersion) leaves that strategy out, with a note.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from algofolio.core.errors import DataError, EstimationError
from algofolio.core.frequency import infer_periods_per_year
from algofolio.metrics import (
    annual_returns,
    conditional_value_at_risk,
    drawdown,
    monthly_returns,
    risk_contributions,
    rolling_beta,
    rolling_sharpe,
    rolling_volatility,
    value_at_risk,
)
from algofolio.report.charts import (
    asset_colors,
    drawdown_figure,
    equity_figure,
    lines_figure,
    period_end_rows,
    stacked_areas_figure,
    weights_figure,
)
from algofolio.report.charts_returns import (
    annual_returns_figure,
    distribution_figure,
    monthly_returns_figure,
)
from algofolio.report.charts_risk import correlation_figure, risk_contribution_figure
from algofolio.report.charts_trading import trading_figure
from algofolio.report.figure import NamedFigure
from algofolio.report.inputs import ComparisonLike, ResultLike
from algofolio.report.style import series_colors
from algofolio.returns import simple_returns

__all__ = [
    "CONFIDENCE",
    "BacktestSection",
    "backtest_figures",
    "backtest_sections",
    "benchmark_name",
    "held_weights",
    "risk_contributions_over_time",
    "rolling_window",
    "series_returns",
    "yearly_trading",
]

CONFIDENCE = 0.95
"""Level of the VaR and CVaR drawn on the return distributions (historical)."""

_HELD = 1e-12  # |weight| above this counts as held


@dataclass(frozen=True, slots=True)
class BacktestSection:
    """One section of the report: its HTML ``id``, ``title``, charts and plain-text ``notes``."""

    id: str
    title: str
    figures: tuple[NamedFigure, ...]
    notes: tuple[str, ...] = ()


def backtest_figures(comparison: ComparisonLike) -> list[NamedFigure]:
    """Every chart of the report of ``comparison``, in page order (see the module docstring)."""
    return [figure for section in backtest_sections(comparison) for figure in section.figures]


def backtest_sections(comparison: ComparisonLike) -> list[BacktestSection]:
    """The report's chart sections of ``comparison`` that have at least one chart, in page order.

    Raises :class:`DataError` when the comparison has no result.
    """
    results = list(comparison.results)
    if not results:
        raise DataError("a report needs at least one backtest result")
    returns = series_returns(comparison)
    builders: tuple[tuple[str, str, Callable[[_Inputs], _Parts]], ...] = (
        ("performance", "Performance", _performance),
        ("risk", "Risk", _risk),
        ("returns", "Returns", _returns),
        ("allocation", "Allocation", _allocation),
        ("trading", "Trading", _trading),
    )
    # read leniently: a comparison-shaped object from before ``prices`` existed has no charts of it
    prices: pd.DataFrame | None = getattr(comparison, "prices", None)
    inputs = _Inputs(results, comparison.benchmark, prices, returns)
    sections = []
    for key, title, build in builders:
        figures, notes = build(inputs)
        if figures:
            sections.append(BacktestSection(key, title, tuple(figures), tuple(notes)))
    return sections


@dataclass(frozen=True, slots=True)
class _Inputs:
    results: list[ResultLike]
    benchmark: pd.Series | None
    prices: pd.DataFrame | None
    returns: pd.DataFrame  # dates x (strategies, benchmark)


_Parts = tuple[list[NamedFigure], list[str]]


def benchmark_name(benchmark: pd.Series) -> str:
    """The benchmark's label in the charts: its name, or ``"Benchmark"``."""
    return "Benchmark" if benchmark.name is None else str(benchmark.name)


def series_returns(comparison: ComparisonLike) -> pd.DataFrame:
    """Daily simple returns of every strategy (net of cash flows) and of the benchmark, as its last
    column (dates x series; NaN before a series' first return)."""
    columns = {r.name: r.returns for r in comparison.results}
    if comparison.benchmark is not None:
        columns[benchmark_name(comparison.benchmark)] = simple_returns(comparison.benchmark)
    return pd.concat(columns, axis=1)


def rolling_window(index: pd.Index) -> int:
    """Periods in half a year of ``index``'s frequency (126 for daily dates), at least 2."""
    return max(2, round(infer_periods_per_year(pd.DatetimeIndex(index)) / 2))


def _performance(inputs: _Inputs) -> _Parts:
    values = {r.name: r.nav for r in inputs.results}
    drawdowns = {r.name: drawdown(r.returns) for r in inputs.results if len(r.returns)}
    if inputs.benchmark is not None:
        name = benchmark_name(inputs.benchmark)
        values[name] = inputs.benchmark
        drawdowns[name] = drawdown(inputs.returns[name].dropna())
    figures = [NamedFigure("equity", "Value over time", equity_figure(pd.concat(values, axis=1)))]
    if drawdowns:
        figures.append(
            NamedFigure("drawdown", "Drawdown", drawdown_figure(pd.concat(drawdowns, axis=1)))
        )
    return figures, []


def _risk(inputs: _Inputs) -> _Parts:
    figures: list[NamedFigure] = []
    notes: list[str] = []
    returns = inputs.returns
    strategies = [r.name for r in inputs.results]
    if len(returns) >= 2:
        window = rolling_window(returns.index)
        span = "6 months"
        rolling: list[tuple[str, str, str, str, float | None, Callable[[pd.Series], pd.Series]]] = [
            (
                "rolling-volatility",
                f"Rolling volatility ({span})",
                "Volatility (annual)",
                ".0%",
                None,
                lambda r: rolling_volatility(r, window=window),
            ),
            (
                "rolling-sharpe",
                f"Rolling Sharpe ratio ({span}, risk-free 0%)",
                "Sharpe ratio (annual)",
                ".1f",
                0.0,
                lambda r: rolling_sharpe(r, window=window),
            ),
        ]
        if inputs.benchmark is not None:
            bench = returns[benchmark_name(inputs.benchmark)].dropna()  # its own dates
            rolling.append(
                (
                    "rolling-beta",
                    f"Rolling beta to {benchmark_name(inputs.benchmark)} ({span})",
                    "Beta",
                    ".2f",
                    1.0,
                    lambda r: rolling_beta(r, bench, window=window),
                )
            )
        for key, heading, y_title, tickformat, reference, metric in rolling:
            names = strategies if key == "rolling-beta" else list(returns.columns)
            lines, failed = _per_series(returns, names, window, metric)
            notes.extend(f"{heading}: {name} not drawn: {why}" for name, why in failed)
            if lines:
                fig = lines_figure(
                    period_end_rows(pd.concat(lines, axis=1), "W"),  # smooth: weekly is enough
                    title=heading,
                    y_title=y_title,
                    tickformat=tickformat,
                    reference=reference,
                )
                figures.append(NamedFigure(key, heading, fig))
    colors = series_colors(str(c) for c in returns.columns)
    level = f"{CONFIDENCE:.0%}"
    for i, result in enumerate(inputs.results):
        series = result.returns.dropna()
        if series.empty:
            continue
        heading = f"Distribution of daily returns: {result.name}"
        fig = distribution_figure(
            series,
            value_at_risk=float(value_at_risk(series, CONFIDENCE)),
            conditional_value_at_risk=float(conditional_value_at_risk(series, CONFIDENCE)),
            confidence=CONFIDENCE,
            title=f"{heading} (historical VaR and CVaR {level})",
            color=colors.get(result.name),
        )
        figures.append(NamedFigure(f"distribution-{i}", heading, fig))
    if inputs.prices is not None and inputs.prices.shape[1] >= 2:
        asset_returns = simple_returns(inputs.prices)
        heading = "Correlation of the assets' daily returns"
        fig = correlation_figure(asset_returns.corr(), title=heading)
        figures.append(NamedFigure("correlation-assets", heading, fig))
    if len(strategies) >= 2:
        heading = "Correlation of the strategies' daily returns"
        fig = correlation_figure(returns.corr(), title=heading)
        figures.append(NamedFigure("correlation-strategies", heading, fig))
    return figures, notes


def _per_series(
    returns: pd.DataFrame,
    names: Sequence[str],
    window: int,
    metric: Callable[[pd.Series], pd.Series],
) -> tuple[dict[str, pd.Series], list[tuple[str, str]]]:
    """``metric`` of each named column with at least ``window`` returns; the columns it cannot
    compute (an undefined window) are listed with the reason."""
    lines: dict[str, pd.Series] = {}
    failed: list[tuple[str, str]] = []
    for name in names:
        column = returns[name].dropna()
        if len(column) < window:
            continue
        try:
            lines[name] = metric(column)
        except EstimationError as error:
            failed.append((name, str(error)))
    return lines, failed


def _returns(inputs: _Inputs) -> _Parts:
    figures = []
    for i, result in enumerate(inputs.results):
        if result.returns.dropna().empty:
            continue
        heading = f"Monthly returns: {result.name}"
        fig = monthly_returns_figure(monthly_returns(result.returns.dropna()), title=heading)
        figures.append(NamedFigure(f"monthly-returns-{i}", heading, fig))
    # each series on its own dates: value files need not share a calendar
    years = {
        name: annual_returns(column.dropna())
        for name, column in inputs.returns.items()
        if column.notna().any()
    }
    if years:
        table = annual_returns_figure(pd.concat(years, axis=1))
        figures.append(NamedFigure("annual-returns", "Annual returns", table))
    return figures, []


def held_weights(weights: pd.Series) -> pd.Series:
    """The non-zero entries of ``weights`` (NaN as 0)."""
    filled = weights.fillna(0.0)
    return filled[filled.abs() > _HELD]


def _allocation(inputs: _Inputs) -> _Parts:
    figures: list[NamedFigure] = []
    notes: list[str] = []
    colors = asset_colors(str(c) for r in inputs.results for c in r.weights.columns)
    prices = inputs.prices
    asset_returns = None if prices is None else simple_returns(prices)
    for i, result in enumerate(inputs.results):
        weights = result.weights
        if weights.shape[1] == 0 or weights.empty:
            continue
        heading = f"Weights: {result.name}"
        figures.append(
            NamedFigure(
                f"weights-{i}", heading, weights_figure(weights, title=heading, colors=colors)
            )
        )
        if asset_returns is None:
            continue
        year = round(infer_periods_per_year(pd.DatetimeIndex(asset_returns.index)))
        last = held_weights(weights.iloc[-1])
        if len(last):
            trailing = asset_returns.loc[: weights.index[-1]].iloc[-year:]
            try:
                shares = risk_contributions(last, trailing)
            except (DataError, EstimationError) as error:
                notes.append(f"Risk contribution of {result.name} not drawn: {error}")
            else:
                heading = f"Risk contribution at {weights.index[-1]:%Y-%m-%d}: {result.name}"
                fig = risk_contribution_figure(
                    last, shares, title=f"{heading} (trailing {len(trailing)} returns)"
                )
                figures.append(NamedFigure(f"risk-contribution-{i}", heading, fig))
        over_time, skipped = risk_contributions_over_time(weights, asset_returns, window=year)
        if skipped:
            notes.append(
                f"Risk contribution over time of {result.name}: {skipped} quarter end(s) left out "
                "(no variance or no returns)"
            )
        if not over_time.empty:
            heading = f"Risk contribution over time: {result.name}"
            fig = stacked_areas_figure(
                over_time,
                title=f"{heading} (quarter ends, trailing {year} returns)",
                y_title="Share of variance",
                colors=colors,
            )
            figures.append(NamedFigure(f"risk-contribution-time-{i}", heading, fig))
    return figures, notes


def risk_contributions_over_time(
    weights: pd.DataFrame, asset_returns: pd.DataFrame, *, window: int
) -> tuple[pd.DataFrame, int]:
    """``metrics.risk_contributions`` of the quarter-end weights (dates x assets) on the ``window``
    asset returns up to each quarter end, from the first quarter end with a full window.

    Returns the shares (quarter ends x the assets ever held there, 0 where not held) and the number
    of quarter ends left out because the shares are undefined (nothing held, zero variance, an
    asset without returns).
    """
    sampled = period_end_rows(weights, "Q").fillna(0.0)
    positions = asset_returns.index.get_indexer(sampled.index)
    rows: dict[pd.Timestamp, pd.Series] = {}
    skipped = 0
    for row, (date, end) in enumerate(zip(sampled.index, positions, strict=True)):
        if end < 0 or end + 1 < window:
            continue
        held = held_weights(sampled.iloc[row])
        try:
            if held.empty:
                raise EstimationError("nothing held")
            rows[date] = risk_contributions(held, asset_returns.iloc[end + 1 - window : end + 1])
        except (DataError, EstimationError):
            skipped += 1
    if not rows:
        return pd.DataFrame(), skipped
    table = pd.DataFrame(rows).T.fillna(0.0)
    return table[[c for c in weights.columns if c in table.columns]], skipped


def yearly_trading(
    results: Sequence[ResultLike], dates: pd.Index
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Turnover and costs per calendar year (years of ``dates`` x strategies with rebalances): the
    sums of each strategy's rebalance log (``turnover``, ``cost``) by the year of the decision
    date; 0 in a year without rebalance."""
    years = pd.Index(sorted(set(pd.DatetimeIndex(dates).year)), name="year")
    turnover, costs = {}, {}
    for result in results:
        log = result.rebalances
        if log.empty:
            continue
        by_year = pd.DatetimeIndex(log.index).year
        turnover[result.name] = (
            log["turnover"].groupby(by_year).sum().reindex(years, fill_value=0.0)
        )
        costs[result.name] = log["cost"].groupby(by_year).sum().reindex(years, fill_value=0.0)
    return pd.DataFrame(turnover, index=years), pd.DataFrame(costs, index=years)


def _trading(inputs: _Inputs) -> _Parts:
    dates = pd.concat({r.name: r.nav for r in inputs.results}, axis=1).index
    turnover, costs = yearly_trading(inputs.results, dates)
    if turnover.shape[1] == 0:
        return [], []
    heading = "Turnover and costs per year"
    fig = trading_figure(turnover, costs, title=f"{heading} (the initial allocation included)")
    return [NamedFigure("turnover-costs", heading, fig)], []

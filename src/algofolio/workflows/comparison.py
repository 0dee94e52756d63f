"""Run a backtest config: every strategy from one common start date, against an optional benchmark.

:func:`run_config` is the use case behind ``algofolio backtest`` and ``algofolio demo``; it returns a
:class:`Comparison` that the report and the CLI read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import pandas as pd

from algofolio.backtest import TRADING_COLUMNS, BacktestResult, Strategy, run_backtest
from algofolio.backtest.start import first_rebalance_date
from algofolio.core.errors import AlgofolioError, ConfigError, DataError
from algofolio.costs import CostModel
from algofolio.metrics import summary as summarize
from algofolio.rebalance import TradeRule
from algofolio.workflows.config import (
    BacktestConfig,
    FixedWeightsConfig,
    strategy_allocator,
    strategy_costs,
    strategy_window,
)
from algofolio.workflows.config_data import MarketData, load_market_data
from algofolio.workflows.config_evaluation import Evaluation, evaluate
from algofolio.workflows.config_rules import TradeConfig, build_trade
from algofolio.workflows.config_targets import StrategicMixConfig
from algofolio.workflows.sources import load_benchmark

__all__ = [
    "Comparison",
    "ProgressCallback",
    "build_strategies",
    "comparison_tables",
    "evaluation_figures",
    "rebased_benchmark",
    "run_config",
    "trading_table",
    "with_benchmark_column",
]

ProgressCallback = Callable[[str, int, int], None]
"""Called as ``progress(description, completed, total)`` before each strategy and at the end."""


@dataclass(frozen=True, eq=False, slots=True)
class Comparison:
    """Strategies backtested over the same dates, and how they compare.

    ``benchmark`` is the benchmark's price series on the strategies' dates, rebased to the initial
    value on their first date (``None`` without a benchmark). ``summary`` is ``metrics.summary`` of
    the strategies' daily returns relative to the benchmark, with the benchmark's own metrics as the
    last column (rows = metric labels; the relative rows are NaN, not applicable, there).
    ``initial_value`` is the capital each strategy started with (its first NAV is that less the
    costs of buying the first portfolio). ``trading``: strategies x
    :data:`~algofolio.backtest.TRADING_COLUMNS` (one-way turnover per year, costs per year as a
    fraction of the average NAV, total costs, rebalances including the initial allocation and
    cash-flow trades). ``evaluation``: walk-forward selection, PBO and deflated Sharpe ratio when
    the config has an ``[evaluation]`` (else ``None``). ``prices``: the assets' prices on the
    strategies' dates (dates x assets: every asset any strategy holds or could hold, in the order
    of the price data; ``None`` when not known, e.g. a comparison of value series read from files).
    """

    results: list[BacktestResult]
    benchmark: pd.Series | None
    summary: pd.DataFrame
    title: str
    initial_value: float = 1.0
    trading: pd.DataFrame | None = None
    evaluation: Evaluation | None = None
    prices: pd.DataFrame | None = None


def run_config(config: BacktestConfig, *, progress: ProgressCallback | None = None) -> Comparison:
    """Backtest every strategy of ``config`` from their common start date and summarise them.

    The start is the later of ``data.start`` and the first date on which every strategy's target
    has its window of history. Periodic ``cash_flows`` arrive after that date. Raises
    :class:`ConfigError` when a fixed-weight asset has no prices, or naming the strategy's key when
    building or running it fails on a setting (``strategies[1].trade: ...``).

    >>> from algofolio.workflows.config import (BacktestConfig, CalendarRebalanceConfig,
    ...     DataConfig, EqualWeightConfig, StrategyConfig)
    >>> config = BacktestConfig(
    ...     data=DataConfig(prices="dataset:factors", start="2020-01-01", end="2020-12-31"),
    ...     strategies=[StrategyConfig(name="1/N", allocator=EqualWeightConfig(),
    ...                                rebalance=CalendarRebalanceConfig(frequency="monthly"))])
    >>> comparison = run_config(config)
    >>> comparison.results[0].nav.index[0].date(), len(comparison.results[0].rebalances)
    (datetime.date(2020, 1, 2), 12)
    >>> comparison.trading.columns.tolist()
    ['annual_turnover', 'cost_drag', 'total_costs', 'rebalances']
    """
    market = load_market_data(config.data)
    _check_fixed_assets(config, market.prices)
    raw_benchmark = None
    if config.data.benchmark is not None:  # read before the long part: fail early
        raw_benchmark = load_benchmark(config.data.benchmark, key="data.benchmark")
    strategies = build_strategies(config)
    end = None if config.data.end is None else pd.Timestamp(config.data.end)
    start = _start_date(market.prices, strategies, config)
    flows = _cash_flows(config, market.prices, start, end)
    results: list[BacktestResult] = []
    for done, strategy in enumerate(strategies):
        if progress is not None:
            progress(f"Backtesting {strategy.name}", done, len(strategies))
        results.append(_run(config, done, strategy, market, start, end, flows))
    if progress is not None:
        progress("Backtests done", len(strategies), len(strategies))
    benchmark = None
    if raw_benchmark is not None:
        benchmark = rebased_benchmark(raw_benchmark, results, config.backtest.initial_value)
    evaluation = None
    if config.evaluation is not None:
        returns = pd.concat({r.name: r.returns for r in results}, axis=1)
        evaluation = evaluate(config.evaluation, returns)
    return Comparison(
        results=results,
        benchmark=benchmark,
        summary=_summary(results, benchmark, config.backtest.risk_free_rate),
        title=config.report.title or _default_title(results, benchmark),
        initial_value=config.backtest.initial_value,
        trading=trading_table(results),
        evaluation=evaluation,
        prices=_strategy_prices(market.prices, results),
    )


def build_strategies(config: BacktestConfig) -> list[Strategy]:
    """The ``backtest.Strategy`` objects of ``config``, per-strategy overrides applied.

    A setting the library refuses raises :class:`ConfigError` keyed by the strategy's key.

    >>> from algofolio.workflows.demo import demo_config
    >>> [(s.name, s.costs.bps, s.window) for s in build_strategies(demo_config())]
    [('Strategic 60/30/10', 10.0, 252), ('Inverse volatility', 10.0, 252)]
    """
    defaults = config.backtest
    strategies = []
    for i, item in enumerate(config.strategies):
        with _keyed(f"strategies[{i}]"):
            costs = strategy_costs(config, i)
            execution = item.execution or defaults.execution or "close"
            whole_shares = item.whole_shares
            if whole_shares is None:
                whole_shares = bool(defaults.whole_shares)
            financing = item.financing or defaults.financing
            strategies.append(
                Strategy(
                    name=item.name,
                    allocator=strategy_allocator(config, i),
                    rule=item.rebalance.build(),
                    costs=costs,
                    window=strategy_window(config, i),
                    trade=None if item.trade is None else _trade(item.trade, costs),
                    execution=execution,
                    whole_shares=whole_shares,
                    financing=None if financing is None else financing.build(),
                    shorts=item.shorts,
                )
            )
    return strategies


def trading_table(results: Sequence[BacktestResult]) -> pd.DataFrame:
    """Strategies x :data:`~algofolio.backtest.TRADING_COLUMNS`, read off each result (as
    :func:`algofolio.backtest.compare_strategies` does)."""
    return pd.DataFrame(
        {
            "annual_turnover": [r.annual_turnover for r in results],
            "cost_drag": [r.cost_drag for r in results],
            "total_costs": [r.total_costs for r in results],
            "rebalances": [len(r.rebalances) for r in results],
        },
        index=pd.Index([r.name for r in results], name="strategy"),
        columns=list(TRADING_COLUMNS),
    )


@contextmanager
def _keyed(prefix: str) -> Iterator[None]:
    """Re-raise a :class:`ConfigError` with ``prefix`` before its key (``strategies[1].trade``)."""
    try:
        yield
    except ConfigError as error:
        key = f"{prefix}.{error.key}" if error.key else prefix
        raise ConfigError(f"{key}: {error}", key=key) from error


def _trade(setting: TradeConfig | list[TradeConfig], costs: CostModel) -> TradeRule:
    with _keyed("trade"):
        return build_trade(setting, costs)


def _run(
    config: BacktestConfig,
    index: int,
    strategy: Strategy,
    market: MarketData,
    start: pd.Timestamp,
    end: pd.Timestamp | None,
    flows: pd.Series | None,
) -> BacktestResult:
    dividends = market.dividends
    if dividends is not None and end is not None:
        dividends = dividends.loc[:end]
    try:
        return run_backtest(
            market.prices,
            strategy,
            initial_value=config.backtest.initial_value,
            start=start,
            end=end,
            volumes=market.volumes,
            opens=market.opens,
            dividends=dividends,
            cash_flows=flows,
        )
    except ConfigError as error:  # a setting the run needs: name the strategy
        own = f"strategies[{index}].{error.key}" if error.key else f"strategies[{index}]"
        key = {"opens": "data.opens", "volumes": "data.volumes"}.get(str(error.key), own)
        raise ConfigError(f"{key}: {error}", key=key) from error
    except AlgofolioError as error:
        if str(error).startswith(f"{strategy.name}: "):
            raise
        message = f"strategy {strategy.name!r}: {error}"
        if isinstance(error, DataError):
            raise DataError(
                message, asset=error.asset, date=error.date, source=error.source
            ) from error
        raise type(error)(message) from error


def _cash_flows(
    config: BacktestConfig, prices: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp | None
) -> pd.Series | None:
    schedule = config.backtest.cash_flows
    if schedule is None:
        return None
    flows = schedule.schedule(pd.DatetimeIndex(prices.loc[:end].index), after=start)
    return flows if len(flows) else None


def _check_fixed_assets(config: BacktestConfig, prices: pd.DataFrame) -> None:
    for i, item in enumerate(config.strategies):
        if not isinstance(item.allocator, FixedWeightsConfig | StrategicMixConfig):
            continue
        for asset in item.allocator.weights:
            if asset not in prices.columns:
                key = f"strategies[{i}].allocator.weights.{asset}"
                raise ConfigError(
                    f"{key}: asset {asset!r} is not in the prices ({config.data.prices})", key=key
                )


def _start_date(
    prices: pd.DataFrame, strategies: Sequence[Strategy], config: BacktestConfig
) -> pd.Timestamp:
    start = None if config.data.start is None else pd.Timestamp(config.data.start)
    end = None if config.data.end is None else pd.Timestamp(config.data.end)
    history = prices.loc[:end]
    first = max(first_rebalance_date(history, s.target.window, start) for s in strategies)
    if end is not None and first >= end:
        raise ConfigError(
            f"data.end: {end:%Y-%m-%d} is not after the first date every strategy can trade "
            f"({first:%Y-%m-%d})",
            key="data.end",
        )
    return first


def _strategy_prices(prices: pd.DataFrame, results: Sequence[BacktestResult]) -> pd.DataFrame:
    """``prices`` on the strategies' dates, over the union of the strategies' assets."""
    assets = {str(c) for r in results for c in r.weights.columns}
    columns = [c for c in prices.columns if str(c) in assets]
    return prices.reindex(index=results[0].nav.index, columns=columns)


def rebased_benchmark(
    prices: pd.Series, results: Sequence[BacktestResult], initial_value: float
) -> pd.Series:
    """The benchmark's prices on the first result's dates (last price carried forward), rebased to
    ``initial_value`` on the first date; named ``"<name> (benchmark)"`` if a strategy has its name.
    Raises :class:`DataError` when the benchmark has no price on or before the first date."""
    dates = results[0].nav.index
    on_dates = prices.reindex(prices.index.union(dates)).ffill().reindex(dates)
    if pd.isna(on_dates.iloc[0]):
        raise DataError(
            f"benchmark {prices.name!r} has no price on or before {dates[0]:%Y-%m-%d}, "
            "the strategies' first date",
            date=dates[0],
        )
    rebased: pd.Series = on_dates / on_dates.iloc[0] * initial_value
    names = {r.name for r in results}
    name = str(prices.name)
    return rebased.rename(f"{name} (benchmark)" if name in names else name)


def _summary(
    results: Sequence[BacktestResult], benchmark: pd.Series | None, risk_free_rate: float
) -> pd.DataFrame:
    returns = pd.concat({r.name: r.returns for r in results}, axis=1)
    if benchmark is None:
        return summarize(returns, risk_free_rate=risk_free_rate)
    benchmark_returns = benchmark.pct_change().iloc[1:]
    return with_benchmark_column(
        summarize(returns, benchmark=benchmark_returns, risk_free_rate=risk_free_rate),
        summarize(benchmark_returns, risk_free_rate=risk_free_rate),
    )


def with_benchmark_column(table: pd.DataFrame, benchmark_table: pd.DataFrame) -> pd.DataFrame:
    """``table`` (with benchmark-relative rows) and the benchmark's own one-column summary as its
    last column; the benchmark-relative rows (alpha, beta, ...) are NaN there: not applicable.

    >>> rows = pd.Index(["CAGR", "Beta"], name="metric")
    >>> with_benchmark_column(pd.DataFrame({"A": [0.1, 0.9]}, index=rows),
    ...                       pd.DataFrame({"B": [0.08]}, index=rows[:1]))["B"].tolist()
    [0.08, nan]
    """
    return pd.concat([table, benchmark_table.reindex(table.index)], axis=1)


def _default_title(results: Sequence[BacktestResult], benchmark: pd.Series | None) -> str:
    title = "Backtest: " + ", ".join(r.name for r in results)
    return title if benchmark is None else f"{title} vs {benchmark.name}"


def comparison_tables(comparison: Comparison) -> dict[str, pd.DataFrame]:
    """The comparison's figures beyond the report's files, as frames by file stem.

    * ``trading``: :attr:`Comparison.trading` (index ``strategy``);
    * ``rebalances``: every rebalance of every strategy: ``strategy, date`` (of the decision),
      ``filled``, ``reason`` (the trigger that fired), ``turnover``, ``cost``;
    * with an evaluation: ``selection`` (one row per split: its dates, the strategy chosen, its
      in- and out-of-sample scores), ``selection_returns`` (dates x paths of the chosen
      strategies' out-of-sample returns), ``overfitting`` (one row per CSCV combination) and
      ``evaluation`` (``figure, value``: PBO, probability of loss, degradation, deflated Sharpe).
    """
    trading = comparison.trading
    tables = {"trading": trading if trading is not None else trading_table(comparison.results)}
    logs = [
        r.rebalances.reset_index().assign(strategy=r.name)[
            ["strategy", "date", "filled", "reason", "turnover", "cost"]
        ]
        for r in comparison.results
    ]
    tables["rebalances"] = pd.concat(logs, ignore_index=True)
    evaluation = comparison.evaluation
    if evaluation is not None:
        tables["selection"] = evaluation.selection.folds
        tables["selection_returns"] = evaluation.selection.returns.add_prefix("path_")
        combinations = evaluation.overfitting.combinations.copy()
        combinations["train_groups"] = [
            " ".join(str(g) for g in groups) for groups in combinations["train_groups"]
        ]
        tables["overfitting"] = combinations
        tables["evaluation"] = evaluation_figures(evaluation)
    return tables


def evaluation_figures(evaluation: Evaluation) -> pd.DataFrame:
    """One row per figure of ``evaluation`` (index ``figure``, column ``value``; the deflated
    Sharpe ratio's candidate as text)."""
    pbo, dsr = evaluation.overfitting, evaluation.deflated_sharpe
    figures: dict[str, object] = {
        "score": evaluation.selection.score,
        "pbo": pbo.pbo,
        "pbo_groups": pbo.n_groups,
        "probability_of_loss": pbo.probability_of_loss,
        "degradation_slope": pbo.degradation.slope,
        "degradation_intercept": pbo.degradation.intercept,
        "degradation_r_squared": pbo.degradation.r_squared,
        "deflated_sharpe_candidate": dsr.candidate,
        "deflated_sharpe_sharpe": dsr.sharpe,
        "deflated_sharpe_expected_max": dsr.expected_max_sharpe,
        "deflated_sharpe_probability": dsr.probability,
        "deflated_sharpe_trials": dsr.n_trials,
    }
    return pd.DataFrame(
        {"value": list(figures.values())}, index=pd.Index(list(figures), name="figure")
    )

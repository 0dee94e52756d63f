"""How a strategic mix fared on past prices: the figures an investor profile's explanation quotes.

:func:`mix_history` backtests fixed weights (the rest in cash earning an annual ``cash_rate``)
with :func:`algofolio.backtest.run_backtest` under the proposal's rebalancing rule and reads the
figures off the daily returns with :mod:`algofolio.metrics`: compound annual growth, annualised
volatility, maximum drawdown (a positive loss) and the worst calendar year.

A calendar year counts only when the backtest covers it in full, give or take a week at each end
(:func:`full_years`): a first year starting after 10 January or a last year ending before
20 December is left out, so a few weeks of a year are never reported as "a year".

>>> import numpy as np, pandas as pd
>>> dates = pd.bdate_range("2020-01-01", "2021-12-31", name="date")
>>> full_years(pd.Series(1.0, index=dates[5:])).tolist()
[2020, 2021]
>>> full_years(pd.Series(1.0, index=dates[20:-10])).tolist()
[]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from algofolio.backtest import Strategy, run_backtest
from algofolio.costs import Financing, ProportionalCost
from algofolio.metrics import annualized_volatility, cagr, max_drawdown, total_return
from algofolio.rebalance import RebalanceRule, StrategicMix

__all__ = ["HISTORY_COSTS_BPS", "HISTORY_INITIAL_VALUE", "MixHistory", "full_years", "mix_history"]

HISTORY_INITIAL_VALUE = 10_000.0
"""The amount invested at the start of the history (the explanation quotes it)."""
HISTORY_COSTS_BPS = 5.0
"""Trading costs of the history: 5 basis points of every traded value (an index fund's spread and
fees, roughly)."""

_FIRST_DAY_BY = (1, 10)  # a year's first date on or before 10 January: its start is covered
_LAST_DAY_FROM = (12, 20)  # its last date on or after 20 December: its end is covered


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class MixHistory:
    """A mix's backtest and its figures (annual rates; losses positive).

    ``nav``: the portfolio's value at each close (starting from :data:`HISTORY_INITIAL_VALUE`
    less the first purchase's costs); ``cagr``, ``volatility`` (annualised, of daily simple
    returns), ``max_drawdown``; ``worst_year`` and ``worst_year_return`` (the calendar year with the
    lowest total return among :func:`full_years`; ``None`` when no year is covered in full);
    ``rebalances``: trades back to the mix after the first purchase.
    """

    nav: pd.Series
    cagr: float
    volatility: float
    max_drawdown: float
    worst_year: int | None
    worst_year_return: float | None
    rebalances: int

    @property
    def start(self) -> pd.Timestamp:
        """The first date of the backtest."""
        return pd.Timestamp(self.nav.index[0])

    @property
    def end(self) -> pd.Timestamp:
        """The last date of the backtest."""
        return pd.Timestamp(self.nav.index[-1])

    @property
    def years(self) -> float:
        """Calendar years from :attr:`start` to :attr:`end`."""
        return (self.end - self.start).days / 365.25

    def to_payload(self) -> dict[str, Any]:
        """The figures as JSON-able values (dates ISO, no NaN; the NAV left out)."""
        payload: dict[str, Any] = {
            "start": f"{self.start:%Y-%m-%d}",
            "end": f"{self.end:%Y-%m-%d}",
            "initial_value": HISTORY_INITIAL_VALUE,
            "final_value": float(self.nav.iloc[-1]),
            "cagr": self.cagr,
            "volatility": self.volatility,
            "max_drawdown": self.max_drawdown,
            "worst_year": self.worst_year,
            "worst_year_return": self.worst_year_return,
            "rebalances": self.rebalances,
        }
        return payload


def full_years(nav: pd.Series) -> pd.Index:
    """The calendar years that ``nav`` (indexed by date) covers in full (module docstring)."""
    dates = pd.DatetimeIndex(nav.index)
    years = pd.Index(sorted(set(dates.year)))
    first, last = dates[0], dates[-1]
    if (first.month, first.day) > _FIRST_DAY_BY:
        years = years[years != first.year]
    if (last.month, last.day) < _LAST_DAY_FROM:
        years = years[years != last.year]
    return years


def mix_history(
    prices: pd.DataFrame,
    weights: pd.Series,
    rule: RebalanceRule,
    *,
    cash_rate: float,
    name: str = "mix",
) -> MixHistory:
    """Backtest ``weights`` (asset -> fraction, the rest cash at the annual ``cash_rate``) on
    ``prices`` (dates x assets, every held asset priced on each date) rebalanced by ``rule``, with
    :data:`HISTORY_COSTS_BPS` costs, from :data:`HISTORY_INITIAL_VALUE` on the first date."""
    strategy = Strategy(
        name=name,
        allocator=StrategicMix({str(a): float(w) for a, w in weights.items()}),
        rule=rule,
        costs=ProportionalCost(bps=HISTORY_COSTS_BPS),
        financing=Financing(cash_rate=cash_rate),
    )
    result = run_backtest(prices, strategy, initial_value=HISTORY_INITIAL_VALUE)
    returns = result.returns
    worst_year, worst_return = _worst_year(returns, result.nav)
    return MixHistory(
        nav=result.nav,
        cagr=float(cagr(returns)),
        volatility=float(annualized_volatility(returns)),
        max_drawdown=float(max_drawdown(returns)),
        worst_year=worst_year,
        worst_year_return=worst_return,
        rebalances=len(result.rebalances) - 1,
    )


def _worst_year(returns: pd.Series, nav: pd.Series) -> tuple[int | None, float | None]:
    years = full_years(nav)
    if len(years) == 0:
        return None, None
    dates = pd.DatetimeIndex(returns.index)
    by_year = {int(y): float(total_return(returns[dates.year == y])) for y in years}
    worst = min(by_year, key=lambda y: by_year[y])
    return worst, by_year[worst]

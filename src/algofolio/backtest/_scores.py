"""How candidates are scored when one is selected: names for the metrics a selection may maximise,
and the checks every candidate-returns table passes (dates x candidates, finite simple returns).

>>> import pandas as pd
>>> r = pd.DataFrame({"a": [0.01, 0.03], "b": [0.02, -0.01]}, index=pd.RangeIndex(2))
>>> score_table(r, "annualized_return", periods_per_year=1.0).round(3).tolist()
[0.02, 0.005]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, TypeAlias

import numpy as np
import pandas as pd

from algofolio.core.errors import DataError, EstimationError
from algofolio.core.options import check_option
from algofolio.metrics import annualized_return, sharpe_ratio, sortino_ratio, total_return

__all__ = [
    "ScoreFunction",
    "SelectionScore",
    "check_candidate_returns",
    "check_score",
    "score_table",
]

SelectionScore = Literal["sharpe", "sortino", "annualized_return", "total_return"]
"""What a selection maximises: the annualised Sharpe or Sortino ratio (risk-free rate 0), the
annualised arithmetic mean return, or the compounded total return (:mod:`algofolio.metrics`)."""

ScoreFunction: TypeAlias = Callable[[pd.DataFrame], pd.Series]
"""A custom score: returns (dates x candidates) -> one float per candidate, higher is better."""

_METRICS: dict[str, Callable[[pd.DataFrame, float], pd.Series]] = {
    "sharpe": lambda r, ppy: sharpe_ratio(r, periods_per_year=ppy),
    "sortino": lambda r, ppy: sortino_ratio(r, periods_per_year=ppy),
    "annualized_return": lambda r, ppy: annualized_return(r, periods_per_year=ppy),
    "total_return": lambda r, ppy: total_return(r),
}


def check_score(score: SelectionScore | ScoreFunction) -> None:
    """Raise :class:`~algofolio.core.errors.ConfigError` (key ``score``) for an unknown name."""
    if not callable(score):
        check_option(score, SelectionScore, "score")


def score_table(
    returns: pd.DataFrame, score: SelectionScore | ScoreFunction, *, periods_per_year: float
) -> pd.Series:
    """One finite score per column of ``returns`` (indexed by the columns).

    A metric that is undefined for a candidate (constant returns for a Sharpe ratio) raises
    :class:`EstimationError` naming it; so does a custom score giving a non-finite value.
    """
    if callable(score):
        values = score(returns)
        if not isinstance(values, pd.Series) or not values.index.equals(returns.columns):
            raise DataError("a custom score must return a Series indexed by the candidates")
    else:
        values = _METRICS[score](returns, periods_per_year)
    numbers = np.asarray(values, dtype=np.float64)
    bad = np.flatnonzero(~np.isfinite(numbers))
    if bad.size:
        name = returns.columns[bad[0]]
        raise EstimationError(f"candidate {name!r}: its score is {numbers[bad[0]]} (not finite)")
    return pd.Series(numbers, index=returns.columns)


def check_candidate_returns(
    returns: pd.DataFrame, what: str = "returns_by_candidate", *, minimum: int = 2
) -> None:
    """Dates x candidates of finite simple returns: a sorted unique ``DatetimeIndex``, unique
    string names, at least ``minimum`` candidates. Raises :class:`DataError` naming the
    candidate or date."""
    if not isinstance(returns, pd.DataFrame):
        raise DataError(f"{what} must be a DataFrame (dates x candidates), got {type(returns)}")
    if not isinstance(returns.index, pd.DatetimeIndex):
        raise DataError(f"{what} must have a DatetimeIndex of dates")
    if not returns.index.is_unique or not returns.index.is_monotonic_increasing:
        raise DataError(f"{what}: the dates must be sorted and unique")
    if returns.shape[1] < minimum:
        raise DataError(f"{what}: at least {minimum} candidates are needed, got {returns.shape[1]}")
    names = list(returns.columns)
    for name in names:
        if not isinstance(name, str):
            raise DataError(f"{what}: candidate names must be strings, got {name!r}")
        if names.count(name) > 1:
            raise DataError(f"{what}: candidate {name!r} appears twice", asset=name)
    values = returns.to_numpy(dtype=np.float64)
    bad = ~np.isfinite(values)
    if bad.any():
        row, col = (int(i[0]) for i in np.nonzero(bad))
        name, date = names[col], returns.index[row]
        raise DataError(
            f"{what}: candidate {name!r} has a missing or infinite return on {date:%Y-%m-%d}",
            asset=name,
            date=date,
        )

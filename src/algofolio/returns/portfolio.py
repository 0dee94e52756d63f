"""Returns of a portfolio of assets whose weights drift between rebalances.

Convention (the backtest's timing, trades at the close):

* the initial weights are held from the start, so they earn the first date's returns;
* between rebalances each position grows with its asset's return and the cash (``1 - sum(weights)``)
  earns 0%, so the weights drift;
* on a rebalance date the weights are reset to the target **at the close**: that date's return still
  uses the drifted weights, the next date's return uses the target.

Calendar rebalancing resets on the first date of each new calendar period of the returns index
(weeks run Monday to Sunday); the first date of the index counts as opening its period, so
``"monthly"`` on month-end returns resets every month and equals ``returns @ weights``. To reproduce a
backtest exactly, pass its rebalance dates as a ``DatetimeIndex``.

>>> import pandas as pd
>>> returns = pd.DataFrame(
...     {"A": [0.10, 0.10], "B": [0.00, 0.00]}, index=pd.bdate_range("2024-01-01", periods=2)
... )
>>> weights = pd.Series({"A": 0.5, "B": 0.5})
>>> portfolio_returns(returns, weights).round(6).tolist()  # drifted: A is 55/105 of day two
[0.05, 0.052381]
>>> portfolio_returns(returns, weights, rebalance="daily").round(6).tolist()
[0.05, 0.05]
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from algofolio.core.calendar import period_starts
from algofolio.core.errors import ConfigError, DataError
from algofolio.core.options import RebalanceFrequency, check_option
from algofolio.returns._dates import check_dates, date_label

__all__ = ["portfolio_returns"]

_Schedule = Literal["never", RebalanceFrequency]  # buy and hold, or a calendar


def portfolio_returns(
    returns: pd.DataFrame,
    weights: pd.Series | pd.DataFrame,
    *,
    rebalance: RebalanceFrequency | Literal["never"] | pd.DatetimeIndex = "never",
) -> pd.Series:
    """Simple returns of a portfolio (a ``Series`` named ``"portfolio"`` on the dates it is held).

    ``returns`` are simple returns (dates x assets). ``weights`` is either an asset-indexed ``Series``
    (assets left out weigh 0; ``1 - sum`` is cash at 0%) held from the start and reset at the close of
    each ``rebalance`` date (``"never"`` = buy and hold, a calendar frequency, or explicit dates of
    the index), or a ``DataFrame`` (dates x assets) of target weights set at the close of each row's
    date. With a frame, rows dated before the first return date set the starting weights (the last
    of them wins); otherwise the result starts on the date after the first row. See the module
    docstring for the timing.

    Raises :class:`DataError` for weights naming assets missing from ``returns``, non-finite
    weights, dates not in the index, a NaN return of an asset held with a nonzero weight (naming the
    asset and the date) or a portfolio value falling to zero or below; :class:`ConfigError` for an
    unknown ``rebalance`` or a calendar combined with a weights frame.

    >>> import pandas as pd
    >>> returns = pd.DataFrame({"A": [0.1, -0.1]}, index=pd.bdate_range("2024-01-01", periods=2))
    >>> portfolio_returns(returns, pd.Series({"A": 0.5})).round(6).tolist()  # half in cash
    [0.05, -0.052381]
    """
    frame = _check_returns(returns)
    if isinstance(weights, pd.DataFrame):
        if not (isinstance(rebalance, str) and rebalance == "never"):
            raise ConfigError(
                "rebalance: a weights DataFrame already gives the rebalance dates; "
                f"leave rebalance as 'never' (got {rebalance!r})",
                key="rebalance",
            )
        start, targets = _targets_from_frame(frame, weights)
    else:
        target = _weight_vector(weights, frame.columns, what="weights")
        start, targets = 0, {-1: target}
        for position in np.flatnonzero(_reset_mask(frame.index, rebalance)):
            targets[int(position)] = target
    values = _drift(frame, start, targets)
    return pd.Series(values, index=frame.index[start:], name="portfolio", dtype="float64")


def _check_returns(returns: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(returns, pd.DataFrame):
        raise DataError(
            f"returns must be a DataFrame (dates x assets), got {type(returns).__name__}"
        )
    check_dates(returns.index, "returns")
    if returns.columns.has_duplicates:
        dup = returns.columns[returns.columns.duplicated()][0]
        raise DataError(f"returns: asset {dup!r} appears twice", asset=str(dup))
    if len(returns) == 0:
        raise DataError("returns: no dates")
    return returns.astype("float64")


def _weight_vector(weights: pd.Series, assets: pd.Index, *, what: str) -> np.ndarray:
    """Weights as a vector over ``assets`` (0 for assets not named), after checking them."""
    if not isinstance(weights, pd.Series):
        raise DataError(
            f"{what} must be a pandas Series or DataFrame, got {type(weights).__name__}"
        )
    if weights.index.has_duplicates:
        dup = weights.index[weights.index.duplicated()][0]
        raise DataError(f"{what}: asset {dup!r} is listed twice", asset=str(dup))
    unknown = [str(a) for a in weights.index if a not in assets]
    if unknown:
        raise DataError(
            f"{what} name assets missing from the returns: {', '.join(unknown)}", asset=unknown[0]
        )
    values = weights.astype("float64")
    bad = [str(a) for a, v in values.items() if not np.isfinite(v)]
    if bad:
        raise DataError(f"{what}: weight of {bad[0]} is not a finite number", asset=bad[0])
    return values.reindex(assets, fill_value=0.0).to_numpy()


def _reset_mask(
    index: pd.Index, rebalance: RebalanceFrequency | Literal["never"] | pd.DatetimeIndex
) -> np.ndarray:
    """Positions of ``index`` at whose close the weights go back to the target."""
    if isinstance(rebalance, pd.DatetimeIndex):
        outside = rebalance[~rebalance.isin(index)]
        if len(outside) > 0:
            raise DataError(
                f"rebalance date {outside[0]:%Y-%m-%d} is not a date of the returns",
                date=outside[0],
            )
        return np.asarray(index.isin(rebalance))
    check_option(rebalance, _Schedule, "rebalance")
    if rebalance == "never":
        return np.zeros(len(index), dtype=bool)
    return period_starts(index, rebalance)


def _targets_from_frame(
    returns: pd.DataFrame, weights: pd.DataFrame
) -> tuple[int, dict[int, np.ndarray]]:
    """First held position and targets by position (``-1``: held from the start) of a weights frame."""
    if weights.empty:
        raise DataError("weights: the DataFrame has no rows")
    check_dates(weights.index, "weights")
    index = returns.index
    before = weights.index < index[0]
    targets: dict[int, np.ndarray] = {}
    if before.any():
        targets[-1] = _row_vector(weights, int(np.flatnonzero(before)[-1]), returns.columns)
    positions = index.get_indexer(weights.index)
    for row in map(int, np.flatnonzero(~before)):
        if positions[row] < 0:
            date = weights.index[row]
            raise DataError(
                f"weights: date {date_label(date)} is not a date of the returns", date=date
            )
        targets[int(positions[row])] = _row_vector(weights, row, returns.columns)
    start = 0 if -1 in targets else min(targets) + 1
    if start >= len(index):
        raise DataError(
            "weights: the first weights are set on the last return date; nothing is held"
        )
    return start, targets


def _row_vector(weights: pd.DataFrame, row: int, assets: pd.Index) -> np.ndarray:
    date = weights.index[row]
    try:
        return _weight_vector(weights.iloc[row], assets, what="weights")
    except DataError as exc:
        raise DataError(f"{exc} (row {date_label(date)})", asset=exc.asset, date=date) from None


def _drift(returns: pd.DataFrame, start: int, targets: dict[int, np.ndarray]) -> np.ndarray:
    """Walk the portfolio forward from position ``start`` (see the module docstring)."""
    values = returns.to_numpy()
    weights = targets[start - 1]
    out = np.empty(len(values) - start)
    for t in range(start, len(values)):
        held = weights != 0.0
        r = np.where(held, values[t], 0.0)
        missing = np.isnan(r)
        if missing.any():
            asset = str(returns.columns[int(np.flatnonzero(missing)[0])])
            date = returns.index[t]
            raise DataError(
                f"return of {asset} on {date_label(date)} is missing but the portfolio holds it",
                asset=asset,
                date=date,
            )
        grown = weights * (1.0 + r)
        value = 1.0 - weights.sum() + grown.sum()
        if not value > 0.0:
            date = returns.index[t]
            raise DataError(
                f"portfolio value falls to {value:.4g} on {date_label(date)}", date=date
            )
        out[t - start] = value - 1.0
        weights = targets.get(t, grown / value)
    return out

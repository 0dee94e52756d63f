"""What the backtest report reads: anything shaped like a backtest result and a comparison of them
(``backtest.BacktestResult`` and ``workflows.Comparison`` fit; the report may not import
``workflows``, a sibling layer).

A result without weights or rebalances (a plain value series read from a file: weights with no
columns, empty trades and rebalances) and a comparison without ``prices`` are valid: the report
leaves out the charts they would feed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import pandas as pd

__all__ = ["ComparisonLike", "ResultLike"]


class ResultLike(Protocol):
    """What the report reads of one backtest result (``backtest.BacktestResult`` fits).

    ``weights``: dates x assets (fractions of value; may have no columns); ``rebalances``: date
    index with ``reason``, ``turnover``, ``cost`` (and ``filled``, the fill date) columns, or
    empty; ``trades``: one row per fill with a ``date`` column, or empty.
    """

    @property
    def name(self) -> str: ...
    @property
    def nav(self) -> pd.Series: ...
    @property
    def weights(self) -> pd.DataFrame: ...
    @property
    def rebalances(self) -> pd.DataFrame: ...
    @property
    def trades(self) -> pd.DataFrame: ...
    @property
    def returns(self) -> pd.Series: ...


class ComparisonLike(Protocol):
    """Strategies compared over one period (``workflows.Comparison`` fits).

    ``benchmark`` is a price series rebased to the strategies' first date (or ``None``); ``summary``
    is a ``metrics.summary`` table (rows = metric labels, columns = series); ``prices`` are the
    assets' prices over the strategies' dates (dates x assets, or ``None``).
    """

    @property
    def results(self) -> Sequence[ResultLike]: ...
    @property
    def benchmark(self) -> pd.Series | None: ...
    @property
    def summary(self) -> pd.DataFrame: ...
    @property
    def title(self) -> str: ...
    @property
    def prices(self) -> pd.DataFrame | None: ...

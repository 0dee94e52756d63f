"""The exception tree of algofolio.

Every error algofolio raises on purpose is an :class:`AlgofolioError`; the CLI turns any of them into one
line on stderr and exit code 1. A message names what is wrong and where: the asset, the date, the
constraint or the config key. The structured fields (``asset``, ``date``, ``key``) carry the same facts
for programs.

::

    AlgofolioError
    ├── DataError            bad or unusable input data (prices, holdings, returns)
    ├── ConfigError          a TOML config or option value is invalid (names the key)
    ├── EstimationError      an estimate cannot be formed (too little history, singular data)
    ├── InfeasibleError      constraints admit no portfolio (names the conflicting constraints)
    ├── SolverError          every solver in the chain failed
    ├── ExecutionError       an order cannot be filled (no price, not enough cash)
    └── LedgerError          the book of holdings is inconsistent
"""

from __future__ import annotations

from datetime import date as _date
from typing import Any

__all__ = [
    "AlgofolioError",
    "ConfigError",
    "DataError",
    "EstimationError",
    "ExecutionError",
    "ExportError",
    "InfeasibleError",
    "LedgerError",
    "SolverError",
]


class AlgofolioError(Exception):
    """Base class of every error algofolio raises on purpose."""


class DataError(AlgofolioError, ValueError):
    """Input data is malformed or unusable; ``asset`` and ``date`` say where, when known."""

    def __init__(
        self,
        message: str,
        *,
        asset: str | None = None,
        date: _date | Any | None = None,
        source: str | None = None,
    ) -> None:
        super().__init__(message)
        self.asset = asset
        self.date = date
        self.source = source


class ConfigError(AlgofolioError, ValueError):
    """A configuration value is invalid; ``key`` is its dotted path (``strategies[0].weights``)."""

    def __init__(self, message: str, *, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


class EstimationError(AlgofolioError, ValueError):
    """An estimate (moments, volatility, a fit) cannot be formed from the data given."""


class InfeasibleError(AlgofolioError, ValueError):
    """The constraints admit no portfolio; the message names the constraints that conflict."""


class SolverError(AlgofolioError, RuntimeError):
    """Every solver tried failed to return a solution."""


class ExecutionError(AlgofolioError, RuntimeError):
    """An order cannot be executed (no price on the day, not enough cash)."""


class LedgerError(AlgofolioError, ValueError):
    """The book of accounts, holdings or lots is inconsistent."""


class ExportError(AlgofolioError, RuntimeError):
    """A result cannot be exported in the format asked for (e.g. PNG needs Chrome or Chromium)."""

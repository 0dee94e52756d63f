"""Shared vocabulary of algofolio: errors, typed options, frequencies, calendar periods, snapshots
(numpy/pandas only)."""

from algofolio.core.calendar import period_numbers, period_starts
from algofolio.core.distribution import ReturnDistribution
from algofolio.core.errors import (
    AlgofolioError,
    ConfigError,
    DataError,
    EstimationError,
    ExecutionError,
    ExportError,
    InfeasibleError,
    LedgerError,
    SolverError,
)
from algofolio.core.frequency import (
    annualize_mean,
    annualize_volatility,
    check_annual_rate,
    infer_periods_per_year,
    per_period_rate,
    resolve_periods_per_year,
)
from algofolio.core.history import MarketHistory
from algofolio.core.holdings import Holdings
from algofolio.core.options import (
    CrossingDirection,
    DriftKind,
    DriftScope,
    MissingPolicy,
    PriceLayout,
    RebalanceFrequency,
    ReturnKind,
    VaRMethod,
    check_option,
)
from algofolio.core.snapshot import MarketSnapshot

__all__ = [
    "AlgofolioError",
    "ConfigError",
    "CrossingDirection",
    "DataError",
    "DriftKind",
    "DriftScope",
    "EstimationError",
    "ExecutionError",
    "ExportError",
    "Holdings",
    "InfeasibleError",
    "LedgerError",
    "MarketHistory",
    "MarketSnapshot",
    "MissingPolicy",
    "PriceLayout",
    "RebalanceFrequency",
    "ReturnDistribution",
    "ReturnKind",
    "SolverError",
    "VaRMethod",
    "annualize_mean",
    "annualize_volatility",
    "check_annual_rate",
    "check_option",
    "infer_periods_per_year",
    "per_period_rate",
    "period_numbers",
    "period_starts",
    "resolve_periods_per_year",
]

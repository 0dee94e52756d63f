"""algofolio: algorithmic portfolio management from prices to trades."""

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

__version__ = "0.1.0"

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
    "__version__",
]

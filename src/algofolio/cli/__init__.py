"""The ``algofolio`` command line (Typer): ``demo``, ``backtest``, ``metrics``, ``rebalance``."""

from algofolio.cli.main import app, run

__all__ = ["app", "run"]

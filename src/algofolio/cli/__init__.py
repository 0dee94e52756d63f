"""The ``algofolio`` command line (Typer): ``demo``, ``metrics``, ``optimize``, ``frontier``,
``backtest``, ``compare``, ``rebalance``, ``report``, ``data``, ``profile``."""

from algofolio.cli.main import app, run

__all__ = ["app", "run"]

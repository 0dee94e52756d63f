"""The ``algofolio`` console script (``algofolio.cli.main:run``) and ``python -m algofolio``.

The app and its commands: :mod:`algofolio.cli.app`.
"""

from __future__ import annotations

from algofolio.cli.app import app

__all__ = ["app", "run"]


def run() -> None:
    """Entry point of the ``algofolio`` console script and of ``python -m algofolio``."""
    app(prog_name="algofolio")

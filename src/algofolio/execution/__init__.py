"""Execution (L4): self-financing fills of target weights, costs paid from the portfolio."""

from algofolio.execution.fill import Fill, rebalance_fill

__all__ = ["Fill", "rebalance_fill"]

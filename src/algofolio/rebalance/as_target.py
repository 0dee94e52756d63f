"""Any allocator as a target: refitted on a trailing window, warm started where that is exact.

>>> from algofolio.allocate import EqualWeight
>>> from algofolio.optimize import MeanVariance
>>> type(as_target(MeanVariance(), 252)).__name__, type(as_target(EqualWeight(), 252)).__name__
('RollingMinVariance', 'AllocatorTarget')
"""

from __future__ import annotations

from algofolio.allocate import Allocator
from algofolio.rebalance.min_variance_target import RollingMinVariance
from algofolio.rebalance.target import AllocatorTarget, Target

__all__ = ["as_target"]


def as_target(what: Allocator | Target, window: int | None) -> Target:
    """``what`` itself when it is a target; an allocator refitted on ``window``-day windows
    otherwise. Long-only min variance on the sample covariance of a rolling window
    (``MeanVariance()`` with its defaults) is solved by :class:`RollingMinVariance`: warm started
    from the previous rebalance, the same weights as a fresh fit (tested to 1e-9)."""
    if isinstance(what, Allocator):
        if RollingMinVariance.supports(what, window):
            return RollingMinVariance.from_allocator(what, window)
        return AllocatorTarget(what, window=window)
    return what

"""Trading signals (L2): moving averages, crossovers, momentum, mean reversion, statistical
arbitrage and volatility scaling, computed causally from prices (pandas in and out).

Every signal maps a ``DataFrame`` (dates x assets; or one ``Series``) to one of the same shape whose
value at date ``t`` uses data up to ``t`` only. Values are NaN only during each asset's warm-up
(its first ``window - 1`` values, ``lookback`` for momentum); an asset may start late (NaN before
its first price), but a gap after its first price raises :class:`~algofolio.core.DataError`.

* :func:`moving_average` (``"simple"`` or ``"exponential"``), :func:`crossover` (entries and exits,
  vectorbt's crossing definition) and :func:`long_flat` (signals to a long/flat position);
* :func:`momentum` (12-1 by default), :func:`zscore` (mean reversion);
* :func:`volatility_scale` (target volatility over realised, capped);
* :func:`pair_spread` (rolling OLS hedge ratio, spread, z-score of the spread).
"""

from algofolio.signals.crossover import Crossover, crossover
from algofolio.signals.mean_reversion import zscore
from algofolio.signals.momentum import momentum
from algofolio.signals.moving_average import MovingAverageKind, moving_average
from algofolio.signals.pairs import PairSpread, pair_spread
from algofolio.signals.positions import long_flat
from algofolio.signals.volatility import volatility_scale

__all__ = [
    "Crossover",
    "MovingAverageKind",
    "PairSpread",
    "crossover",
    "long_flat",
    "momentum",
    "moving_average",
    "pair_spread",
    "volatility_scale",
    "zscore",
]

"""Time-series cross-validation for strategy evaluation (layer L1): walk-forward, purged K-fold, CPCV.

scikit-learn splitters: ``split(X)`` yields ``(train, test)`` integer position arrays and
``get_n_splits`` counts them, so they plug into ``cross_val_score`` and grid searches. ``X`` is a
DataFrame, a Series, an array or a plain number of observations.

>>> [test.tolist() for _, test in PurgedKFold(3).split(6)]
[[0, 1], [2, 3], [4, 5]]
"""

from algofolio.crossval.combinatorial import CombinatorialPurgedCV
from algofolio.crossval.purged_kfold import PurgedKFold
from algofolio.crossval.walk_forward import WalkForward

__all__ = ["CombinatorialPurgedCV", "PurgedKFold", "WalkForward"]

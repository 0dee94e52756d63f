"""The splitters plug into scikit-learn: cross_val_score, GridSearchCV, clone-like repr."""

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.metrics import r2_score
from sklearn.model_selection import GridSearchCV, cross_val_score

from algofolio.crossval import CombinatorialPurgedCV, PurgedKFold, WalkForward

SPLITTERS = [
    WalkForward(30, 10, gap=2),
    WalkForward(2, 1, freq="MS", expanding=True),
    PurgedKFold(4, purge=2, embargo=0.02),
    CombinatorialPurgedCV(5, 2, purge=1, embargo=1),
]


def _regression() -> tuple[pd.DataFrame, pd.Series]:
    rng = np.random.default_rng(7)
    dates = pd.bdate_range("2023-01-02", periods=160, name="date")
    X = pd.DataFrame(rng.normal(size=(160, 3)), index=dates, columns=["a", "b", "c"])
    y = pd.Series(X.to_numpy() @ [0.5, -1.0, 0.2] + rng.normal(scale=0.3, size=160), index=dates)
    return X, y


@pytest.mark.parametrize("cv", SPLITTERS, ids=repr)
def test_cross_val_score_uses_our_splits(cv) -> None:
    X, y = _regression()
    scores = cross_val_score(LinearRegression(), X, y, cv=cv)
    expected = [
        r2_score(
            y.iloc[test], LinearRegression().fit(X.iloc[train], y.iloc[train]).predict(X.iloc[test])
        )
        for train, test in cv.split(X)
    ]
    assert len(scores) == cv.get_n_splits(X) == len(expected) >= 2
    np.testing.assert_allclose(scores, expected, rtol=1e-12)


def test_grid_search_accepts_a_splitter() -> None:
    X, y = _regression()
    search = GridSearchCV(Ridge(), {"alpha": [0.1, 10.0]}, cv=PurgedKFold(3, purge=1)).fit(X, y)
    assert search.n_splits_ == 3


def test_repr_lists_parameters() -> None:
    assert (
        repr(PurgedKFold(4, purge=2))
        == "PurgedKFold(embargo=0.0, label_ends=None, n_splits=4, purge=2)"
    )

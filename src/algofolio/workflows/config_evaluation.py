"""The optional ``[evaluation]`` of a backtest config: walk-forward selection over the strategies,
the probability of backtest overfitting (PBO) and the deflated Sharpe ratio of the best.

``splitter`` is a ``kind`` table of :mod:`algofolio.crossval` (``walk_forward``, ``purged_kfold``,
``combinatorial``) with its sizes in trading days; ``score`` is what the selection maximises.
:func:`evaluate` reads the strategies' daily returns (one column each, the backtest's dates).

>>> import numpy as np, pandas as pd
>>> dates = pd.bdate_range("2024-01-01", periods=120, name="date")
>>> rng = np.random.default_rng(0)
>>> table = pd.DataFrame(rng.normal(0.0005, 0.01, (120, 3)), index=dates, columns=["a", "b", "c"])
>>> config = EvaluationConfig(splitter=WalkForwardConfig(train_size=40, test_size=20), pbo_groups=4)
>>> result = evaluate(config, table)
>>> len(result.selection.folds), len(result.overfitting.combinations), result.deflated_sharpe.n_trials
(4, 6, 3)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

import pandas as pd
from pydantic import Field, field_validator, model_validator

from algofolio.backtest import (
    BacktestOverfitting,
    DeflatedSharpe,
    SelectionScore,
    WalkForwardSelection,
    backtest_overfitting,
    deflated_sharpe_ratio,
    walk_forward_selection,
)
from algofolio.crossval import CombinatorialPurgedCV, PurgedKFold, WalkForward
from algofolio.workflows.config_base import Strict

__all__ = [
    "CombinatorialConfig",
    "Evaluation",
    "EvaluationConfig",
    "PurgedKFoldConfig",
    "SplitterConfig",
    "WalkForwardConfig",
    "evaluate",
]


class WalkForwardConfig(Strict):
    """``crossval.WalkForward``: train on ``train_size`` days, test the next ``test_size``, move by
    ``step`` (default ``test_size``); ``expanding`` keeps every earlier day; ``gap`` days between."""

    kind: Literal["walk_forward"] = "walk_forward"
    train_size: int = Field(ge=1)
    test_size: int = Field(ge=1)
    step: int | None = Field(default=None, ge=1)
    expanding: bool = False
    gap: int = Field(default=0, ge=0)

    def build(self) -> WalkForward:
        """The splitter this table describes."""
        return WalkForward(
            self.train_size, self.test_size, step=self.step, expanding=self.expanding, gap=self.gap
        )


class PurgedKFoldConfig(Strict):
    """``crossval.PurgedKFold(n_splits, purge, embargo)``."""

    kind: Literal["purged_kfold"] = "purged_kfold"
    n_splits: int = Field(default=5, ge=2)
    purge: int = Field(default=0, ge=0)
    embargo: float = Field(default=0.0, ge=0, lt=1)

    def build(self) -> PurgedKFold:
        """The splitter this table describes."""
        return PurgedKFold(self.n_splits, purge=self.purge, embargo=self.embargo)


class CombinatorialConfig(Strict):
    """``crossval.CombinatorialPurgedCV(n_folds, n_test_folds, purge, embargo)``: one path per
    backtest path of the splitter."""

    kind: Literal["combinatorial"] = "combinatorial"
    n_folds: int = Field(default=6, ge=2)
    n_test_folds: int = Field(default=2, ge=1)
    purge: int = Field(default=0, ge=0)
    embargo: float = Field(default=0.0, ge=0, lt=1)

    @model_validator(mode="after")
    def _fewer_test_folds(self) -> CombinatorialConfig:
        if self.n_test_folds >= self.n_folds:
            raise ValueError(
                f"n_test_folds ({self.n_test_folds}) must be smaller than n_folds ({self.n_folds})"
            )
        return self

    def build(self) -> CombinatorialPurgedCV:
        """The splitter this table describes."""
        return CombinatorialPurgedCV(
            self.n_folds, self.n_test_folds, purge=self.purge, embargo=self.embargo
        )


SplitterConfig = Annotated[
    WalkForwardConfig | PurgedKFoldConfig | CombinatorialConfig, Field(discriminator="kind")
]


class EvaluationConfig(Strict):
    """Selection and overfitting figures over the strategies (at least two).

    ``pbo_groups``: the even number of contiguous groups of the PBO's CSCV; ``n_trials``: the
    configurations tried in all for the deflated Sharpe ratio (default: the strategies).
    """

    splitter: SplitterConfig
    score: SelectionScore = "sharpe"
    pbo_groups: int = Field(default=16, ge=2)
    n_trials: int | None = Field(default=None, ge=1)

    @field_validator("pbo_groups")
    @classmethod
    def _even(cls, groups: int) -> int:
        if groups % 2:
            raise ValueError(f"the PBO needs an even number of groups, got {groups}")
        return groups


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class Evaluation:
    """What :func:`evaluate` found: the walk-forward ``selection``, the ``overfitting`` (PBO by
    CSCV) and the ``deflated_sharpe`` ratio of the strategy with the best Sharpe ratio."""

    selection: WalkForwardSelection
    overfitting: BacktestOverfitting
    deflated_sharpe: DeflatedSharpe


def evaluate(config: EvaluationConfig, returns: pd.DataFrame) -> Evaluation:
    """``config``'s figures of ``returns`` (dates x strategies, daily simple returns, finite)."""
    return Evaluation(
        selection=walk_forward_selection(returns, config.splitter.build(), config.score),
        overfitting=backtest_overfitting(returns, n_groups=config.pbo_groups, score=config.score),
        deflated_sharpe=deflated_sharpe_ratio(returns, n_trials=config.n_trials),
    )

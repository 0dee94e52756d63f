"""How much a backtest selection overfits: PBO by CSCV, performance degradation, deflated Sharpe.

* :func:`backtest_overfitting`: the probability of backtest overfitting by combinatorially
  symmetric cross-validation (Bailey, Borwein, López de Prado, Zhu, *The Probability of Backtest
  Overfitting*, 2015). The dates are cut into ``S`` contiguous groups; for each of the
  ``C(S, S/2)`` ways to pick half of them as "in sample" (the rest out of sample), the candidate
  with the best in-sample score is located among all candidates out of sample by its relative rank
  ``w = rank / (N + 1)`` (rank 1 = worst of ``N``; exact ties share the average rank) and its logit
  ``ln(w / (1 - w))``. PBO is the share of logits ``<= 0``: how often the in-sample best is at or
  below the median out of sample.
* :func:`performance_degradation`: the least-squares line of out-of-sample on in-sample scores
  (a slope well below 1 is the signature of overfitting).
* :func:`deflated_sharpe_ratio` (Bailey & López de Prado, *The Deflated Sharpe Ratio*, 2014): the
  probability that the best candidate's true Sharpe ratio is above 0 after selecting it from
  ``n_trials``, with non-normal returns.

Scores are computed from per-group sums (count, sum, sum of squares, downside squares, log growth),
so the ``C(S, S/2)`` halves cost matrix products, not backtests; they equal the
:mod:`algofolio.metrics` functions on the concatenated dates.

>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(1)
>>> noise = pd.DataFrame(rng.normal(0, 0.01, (240, 6)), columns=[f"c{i}" for i in range(6)],
...                      index=pd.bdate_range("2024-01-01", periods=240, name="date"))
>>> report = backtest_overfitting(noise, n_groups=8)
>>> len(report.logits), 0.0 <= report.pbo <= 1.0
(70, True)
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from algofolio.backtest._scores import SelectionScore, check_candidate_returns
from algofolio.core.errors import ConfigError, DataError, EstimationError
from algofolio.core.frequency import resolve_periods_per_year
from algofolio.core.options import check_option

__all__ = [
    "BacktestOverfitting",
    "DeflatedSharpe",
    "Degradation",
    "backtest_overfitting",
    "deflated_sharpe_ratio",
    "expected_maximum_sharpe",
    "performance_degradation",
]

MAX_COMBINATIONS = 200_000
"""``C(S, S/2)`` above this is a misconfiguration (``S = 20`` gives 184,756)."""
_CHUNK = 2048


@dataclass(frozen=True, kw_only=True, slots=True)
class Degradation:
    """``out_of_sample ≈ intercept + slope * in_sample`` by least squares over ``n`` pairs, and its
    ``r_squared``."""

    slope: float
    intercept: float
    r_squared: float
    n: int


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class BacktestOverfitting:
    """The CSCV of a candidate table (see the module docstring).

    * ``pbo``: share of ``logit <= 0`` in ``[0, 1]``;
    * ``combinations``: one row per in-sample half (index ``combination``): ``train_groups``
      (tuple of group numbers), ``chosen`` (the in-sample best), its ``in_sample`` and
      ``out_of_sample`` scores, ``relative_rank`` (``w`` in ``(0, 1)``) and ``logit``;
    * ``degradation``: :func:`performance_degradation` of the chosen's out-of-sample on in-sample
      scores over the combinations;
    * ``probability_of_loss``: share of combinations whose chosen scores below 0 out of sample;
    * ``n_groups`` (``S``), ``score``.
    """

    pbo: float
    combinations: pd.DataFrame
    degradation: Degradation
    probability_of_loss: float
    n_groups: int
    score: str

    @property
    def logits(self) -> pd.Series:
        """The logit of each combination."""
        return self.combinations["logit"]


@dataclass(frozen=True, kw_only=True, slots=True)
class DeflatedSharpe:
    """The deflated Sharpe ratio of the best candidate (per-period figures, not annualised).

    ``probability = Φ((sharpe - expected_max_sharpe) √(T - 1) / √(1 - skewness sharpe +
    (kurtosis - 1)/4 sharpe²))`` with ``T = n_observations`` and the skewness and kurtosis (not
    excess) of the candidate's returns and ``expected_max_sharpe`` from :func:`expected_maximum_sharpe`.
    """

    candidate: str
    sharpe: float
    expected_max_sharpe: float
    probability: float
    n_trials: int
    n_observations: int
    skewness: float
    kurtosis: float


def expected_maximum_sharpe(n_trials: int, sharpe_std: float) -> float:
    """Expected maximum of ``n_trials`` Sharpe ratios with true value 0 and standard deviation
    ``sharpe_std`` (the Euler-Mascheroni approximation of Bailey & López de Prado 2014):
    ``sharpe_std ((1 - g) Φ⁻¹(1 - 1/N) + g Φ⁻¹(1 - 1/(N e)))`` with ``g`` the Euler-Mascheroni
    constant; 0 for a single trial.

    >>> round(expected_maximum_sharpe(100, 0.1), 4)
    0.2531
    """
    if isinstance(n_trials, bool) or not isinstance(n_trials, numbers.Integral) or n_trials < 1:
        raise ConfigError(f"n_trials must be an int >= 1, got {n_trials!r}", key="n_trials")
    if not math.isfinite(sharpe_std) or sharpe_std < 0:
        raise ConfigError(
            f"sharpe_std must be finite and >= 0, got {sharpe_std!r}", key="sharpe_std"
        )
    if n_trials == 1:
        return 0.0
    gamma = float(np.euler_gamma)
    quantiles = stats.norm.ppf([1.0 - 1.0 / n_trials, 1.0 - 1.0 / (n_trials * math.e)])
    return float(sharpe_std * ((1.0 - gamma) * quantiles[0] + gamma * quantiles[1]))


def deflated_sharpe_ratio(
    returns_by_candidate: pd.DataFrame, *, n_trials: int | None = None
) -> DeflatedSharpe:
    """:class:`DeflatedSharpe` of the candidate with the highest Sharpe ratio in
    ``returns_by_candidate`` (dates x candidates, daily simple returns, finite).

    The trials' Sharpe ratios (per period, ddof=1) give their dispersion (ddof=1);
    ``n_trials`` is the number of independent configurations tried (default: the columns; give
    more when the table holds only survivors of a larger search). Skewness and kurtosis are the
    population moments (skfolio's convention).
    """
    check_candidate_returns(returns_by_candidate, minimum=1)
    values = returns_by_candidate.to_numpy(dtype=np.float64)
    n_obs, n_candidates = values.shape
    if n_obs < 3:
        raise DataError(f"the deflated Sharpe ratio needs at least 3 returns, got {n_obs}")
    trials = n_candidates if n_trials is None else n_trials
    if isinstance(trials, bool) or not isinstance(trials, numbers.Integral):
        raise ConfigError(f"n_trials must be an int, got {n_trials!r}", key="n_trials")
    if trials < n_candidates:
        raise ConfigError(
            f"n_trials={trials} is fewer than the {n_candidates} candidates given", key="n_trials"
        )
    std = values.std(axis=0, ddof=1)
    flat = np.flatnonzero(std == 0)
    if flat.size:
        name = returns_by_candidate.columns[flat[0]]
        raise EstimationError(f"candidate {name!r}: constant returns have no Sharpe ratio")
    sharpes = values.mean(axis=0) / std
    best = int(np.argmax(sharpes))
    spread = float(sharpes.std(ddof=1)) if n_candidates > 1 else 0.0
    threshold = expected_maximum_sharpe(int(trials), spread)
    chosen = values[:, best]
    skewness = float(stats.skew(chosen))
    kurtosis = float(stats.kurtosis(chosen, fisher=False))
    sharpe = float(sharpes[best])
    name = str(returns_by_candidate.columns[best])
    variance = 1.0 - skewness * sharpe + (kurtosis - 1.0) / 4.0 * sharpe**2
    if not variance > 0:
        raise EstimationError(
            f"candidate {name!r}: the Sharpe ratio's variance term 1 - skew SR + (kurt - 1)/4 SR² is "
            f"{variance:.3g}, not positive"
        )
    z = (sharpe - threshold) * math.sqrt(n_obs - 1) / math.sqrt(variance)
    return DeflatedSharpe(
        candidate=name,
        sharpe=sharpe,
        expected_max_sharpe=threshold,
        probability=float(stats.norm.cdf(z)),
        n_trials=int(trials),
        n_observations=n_obs,
        skewness=skewness,
        kurtosis=kurtosis,
    )


def performance_degradation(
    in_sample: Sequence[float] | pd.Series | np.ndarray,
    out_of_sample: Sequence[float] | pd.Series | np.ndarray,
) -> Degradation:
    """Least-squares line of ``out_of_sample`` on ``in_sample`` scores (paired, finite, >= 2 pairs,
    in-sample scores not all equal: :class:`EstimationError` otherwise)."""
    x = np.asarray(in_sample, dtype=np.float64).ravel()
    y = np.asarray(out_of_sample, dtype=np.float64).ravel()
    if x.size != y.size:
        raise DataError(f"{x.size} in-sample scores for {y.size} out-of-sample scores")
    if x.size < 2 or not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise EstimationError("performance degradation needs at least 2 pairs of finite scores")
    dx, dy = x - x.mean(), y - y.mean()
    sxx = float(dx @ dx)
    if sxx == 0:
        raise EstimationError("performance degradation: the in-sample scores are all equal")
    slope = float(dx @ dy) / sxx
    syy = float(dy @ dy)
    r_squared = 1.0 if syy == 0 else float(dx @ dy) ** 2 / (sxx * syy)
    return Degradation(
        slope=slope, intercept=float(y.mean() - slope * x.mean()), r_squared=r_squared, n=x.size
    )


def backtest_overfitting(
    returns_by_candidate: pd.DataFrame,
    *,
    n_groups: int = 16,
    score: SelectionScore = "sharpe",
    periods_per_year: float | None = None,
) -> BacktestOverfitting:
    """PBO by CSCV of ``returns_by_candidate`` (dates x candidates, daily simple returns, finite,
    at least 2 candidates) cut into ``n_groups`` contiguous groups (even, ``>= 2``; the first
    ``T % S`` groups hold one date more; at least 2 dates each). ``score`` names the metric
    maximised in sample (annualised with ``periods_per_year``, inferred from the dates).
    """
    check_candidate_returns(returns_by_candidate)
    check_option(score, SelectionScore, "score")
    groups = _check_groups(n_groups, len(returns_by_candidate))
    ppy = resolve_periods_per_year(returns_by_candidate.index, periods_per_year)
    names = returns_by_candidate.columns
    values = returns_by_candidate.to_numpy(dtype=np.float64)
    sums = _GroupSums.build(values, groups, score)
    combos = list(itertools.combinations(range(n_groups), n_groups // 2))
    chosen = np.empty(len(combos), dtype=np.int64)
    in_score, out_score, rank = (np.empty(len(combos)) for _ in range(3))
    for lo in range(0, len(combos), _CHUNK):
        block = combos[lo : lo + _CHUNK]
        train = np.zeros((len(block), n_groups))
        train[np.repeat(np.arange(len(block)), n_groups // 2), np.ravel(block)] = 1.0
        inside = sums.scores(train, ppy, score, names, "in sample")
        outside = sums.scores(1.0 - train, ppy, score, names, "out of sample")
        best = np.argmax(inside, axis=1)
        rows = np.arange(len(block))
        picked = outside[rows, best][:, None]
        below = (outside < picked).sum(axis=1)
        ties = (outside == picked).sum(axis=1)  # includes the chosen itself
        part = slice(lo, lo + len(block))
        chosen[part], in_score[part], out_score[part] = best, inside[rows, best], picked[:, 0]
        rank[part] = below + (ties + 1) / 2.0
    relative = rank / (len(names) + 1)
    logits = np.log(relative / (1.0 - relative))
    table = pd.DataFrame(
        {
            "train_groups": combos,
            "chosen": names[chosen],
            "in_sample": in_score,
            "out_of_sample": out_score,
            "relative_rank": relative,
            "logit": logits,
        },
        index=pd.RangeIndex(len(combos), name="combination"),
    )
    return BacktestOverfitting(
        pbo=float(np.mean(logits <= 0)),
        combinations=table,
        degradation=performance_degradation(in_score, out_score),
        probability_of_loss=float(np.mean(out_score < 0)),
        n_groups=n_groups,
        score=score,
    )


def _check_groups(n_groups: int, n_dates: int) -> np.ndarray:
    """Group number of each date ``(T,)``, contiguous, sizes differing by at most one."""
    if isinstance(n_groups, bool) or not isinstance(n_groups, numbers.Integral):
        raise ConfigError(f"n_groups must be an even int >= 2, got {n_groups!r}", key="n_groups")
    if n_groups < 2 or n_groups % 2:
        raise ConfigError(f"n_groups must be an even int >= 2, got {n_groups}", key="n_groups")
    if math.comb(n_groups, n_groups // 2) > MAX_COMBINATIONS:
        raise ConfigError(
            f"n_groups={n_groups} makes {math.comb(n_groups, n_groups // 2):,} combinations "
            f"(more than {MAX_COMBINATIONS:,})",
            key="n_groups",
        )
    if n_dates < 2 * n_groups:
        raise DataError(
            f"{n_dates} dates are too few for n_groups={n_groups}: each group needs 2 dates, "
            f"so at least {2 * n_groups}"
        )
    sizes = np.full(n_groups, n_dates // n_groups)
    sizes[: n_dates % n_groups] += 1
    return np.repeat(np.arange(n_groups), sizes)


@dataclass(frozen=True, slots=True)
class _GroupSums:
    """Per group ``(S,)`` counts and ``(S, N)`` sums of the returns centred on each candidate's
    mean ``centre`` ``(N,)``, of their squares, of the squared losses and of ``log(1 + r)``."""

    count: np.ndarray
    centre: np.ndarray
    total: np.ndarray
    squares: np.ndarray
    losses: np.ndarray
    growth: np.ndarray

    @classmethod
    def build(cls, values: np.ndarray, groups: np.ndarray, score: str) -> _GroupSums:
        n_groups = int(groups[-1]) + 1
        centre = values.mean(axis=0)
        centred = values - centre

        def per_group(x: np.ndarray) -> np.ndarray:
            out = np.zeros((n_groups, x.shape[1]))
            np.add.at(out, groups, x)
            return out

        growth = np.zeros((n_groups, values.shape[1]))
        if score == "total_return":
            if (values <= -1).any():
                raise DataError("a return of -100% or less has no compounded growth")
            growth = per_group(np.log1p(values))
        return cls(
            count=np.bincount(groups).astype(np.float64),
            centre=centre,
            total=per_group(centred),
            squares=per_group(centred * centred),
            losses=per_group(np.minimum(values, 0.0) ** 2),
            growth=growth,
        )

    def scores(
        self, weights: np.ndarray, ppy: float, score: str, names: pd.Index, side: str
    ) -> np.ndarray:
        """Scores ``(C, N)`` of the union of the groups with weight 1 in each row of ``weights``."""
        n = (weights @ self.count)[:, None]
        centred_mean = (weights @ self.total) / n
        mean = centred_mean + self.centre
        result: np.ndarray
        if score == "annualized_return":
            result = mean * ppy
        elif score == "total_return":
            result = np.expm1(weights @ self.growth)
        elif score == "sharpe":
            variance = ((weights @ self.squares) - n * centred_mean**2) / (n - 1)
            _raise_if(variance <= 0, names, f"has constant returns {side}: no Sharpe ratio")
            result = mean / np.sqrt(variance) * math.sqrt(ppy)
        else:
            downside = (weights @ self.losses) / n
            _raise_if(downside <= 0, names, f"has no return below 0 {side}: no Sortino ratio")
            result = mean / np.sqrt(downside) * math.sqrt(ppy)
        return result


def _raise_if(bad: np.ndarray, names: pd.Index, what: str) -> None:
    if bad.any():
        column = int(np.nonzero(bad)[1][0])
        raise EstimationError(f"candidate {names[column]!r} {what} on some half of the groups")

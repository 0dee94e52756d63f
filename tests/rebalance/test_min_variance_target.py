"""``RollingMinVariance`` against a fresh ``MeanVariance().fit`` on the same window at every date."""

import copy
from typing import Any

import numpy as np
import pytest

from algofolio.allocate import EqualWeight
from algofolio.core.errors import ConfigError, EstimationError, InfeasibleError, SolverError
from algofolio.core.history import MarketHistory
from algofolio.datasets import load_sp500_prices, make_synthetic_prices
from algofolio.optimize import (
    DEFAULT_CHAIN,
    Bounds,
    Budget,
    MaxSharpe,
    MeanVariance,
    MinVariance,
    SolverChain,
)
from algofolio.optimize.solvers import CVXPY_CHAIN
from algofolio.optimize.warm_min_variance import MinVarianceSolution, warm_min_variance
from algofolio.rebalance.min_variance_target import RollingMinVariance
from algofolio.rebalance.target import Target, fresh_target

WINDOW = 252
EXACT = 1e-9  # two exact solvers on the same covariance: far inside the 1e-6


def monthly_rows(history: MarketHistory, first: int) -> list[int]:
    """``first``, then the first row of every later month."""
    months = history.dates.year * 12 + history.dates.month
    later = np.flatnonzero(np.diff(np.asarray(months)) != 0) + 1
    return [first, *[int(r) for r in later if r > first]]


def fresh_weights(
    history: MarketHistory, window: int, constraints: tuple[Budget, Bounds] | None = None
) -> np.ndarray:
    """``MeanVariance`` fitted from scratch on the window's eligible returns, 0 elsewhere."""
    eligible = history.eligible(window)
    model = MeanVariance(constraints=constraints).fit(history.returns_frame(window, eligible))
    out = np.zeros(len(history.assets))
    out[eligible] = model.weights_.to_numpy()
    return out


def assert_follows_fresh_fits(
    target: RollingMinVariance,
    history: MarketHistory,
    rows: list[int],
    constraints: tuple[Budget, Bounds] | None = None,
) -> None:
    current = np.zeros(len(history.assets))
    for row in rows:
        today = history.until(row)
        ours = target.weights(today, current)
        np.testing.assert_allclose(
            ours, fresh_weights(today, target.window, constraints), atol=EXACT, err_msg=str(row)
        )
        current = ours


@pytest.fixture(scope="module")
def staggered() -> MarketHistory:
    """230 synthetic assets over 1000 days; one listed late, one delisted, one with a gap: the
    eligible set changes along the way."""
    prices = make_synthetic_prices(230, 1000, seed=11)
    prices.iloc[:400, 5] = np.nan  # listed on day 400
    prices.iloc[700:, 9] = np.nan  # delisted on day 700
    prices.iloc[550, 17] = np.nan  # one missing close
    return MarketHistory.from_prices(prices)


def test_monthly_decisions_equal_fresh_fits_as_assets_come_and_go(
    staggered: MarketHistory, monkeypatch: pytest.MonkeyPatch
) -> None:
    solutions: list[MinVarianceSolution] = []

    def spy(*args: Any, **kwargs: Any) -> MinVarianceSolution:
        solutions.append(warm_min_variance(*args, **kwargs))
        return solutions[-1]

    monkeypatch.setattr("algofolio.rebalance.min_variance_target.warm_min_variance", spy)
    target = RollingMinVariance(window=WINDOW)
    rows = monthly_rows(staggered, WINDOW)
    assert_follows_fresh_fits(target, staggered, rows)
    assert len(solutions) == len(rows)
    assert sum(s.warm for s in solutions) == len(rows) - 1  # warm across the changes of assets


def test_monthly_decisions_on_real_prices_equal_fresh_fits() -> None:
    history = MarketHistory.from_prices(load_sp500_prices())
    target = RollingMinVariance(window=WINDOW)
    assert_follows_fresh_fits(target, history, monthly_rows(history, WINDOW)[-40:])


def test_caps_equal_fresh_fits_with_the_same_bounds() -> None:
    history = MarketHistory.from_prices(load_sp500_prices())
    target = RollingMinVariance(window=WINDOW, bounds=(0.0, 0.1))
    constraints = (Budget(), Bounds(lower=0.0, upper=0.1))
    assert_follows_fresh_fits(target, history, monthly_rows(history, WINDOW)[-12:], constraints)


def test_short_lower_bounds_equal_fresh_fits() -> None:
    """Weights held at a nonzero lower bound enter the solve through the bounded gradient."""
    history = MarketHistory.from_prices(load_sp500_prices())
    target = RollingMinVariance(window=WINDOW, bounds=(-0.05, 0.3))
    constraints = (Budget(), Bounds(lower=-0.05, upper=0.3))
    rows = monthly_rows(history, WINDOW)[-12:]
    assert_follows_fresh_fits(target, history, rows, constraints)
    assert (target.weights(history.until(rows[-1]), np.zeros(20)) == -0.05).any()


def test_the_fallback_refit_gives_the_same_weights(
    staggered: MarketHistory, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise SolverError("forced")

    monkeypatch.setattr("algofolio.rebalance.min_variance_target.warm_min_variance", broken)
    target = RollingMinVariance(window=WINDOW)
    assert_follows_fresh_fits(target, staggered, monthly_rows(staggered, WINDOW)[:2])


def test_runs_do_not_share_state(staggered: MarketHistory) -> None:
    target = RollingMinVariance(window=WINDOW)
    assert isinstance(target, Target)
    rows = monthly_rows(staggered, WINDOW)
    current = np.zeros(len(staggered.assets))
    target.weights(staggered.until(rows[-1]), current)  # warm state from a late date
    copied = fresh_target(target)
    assert copied is not target
    assert copy.deepcopy(target) is not target
    first = RollingMinVariance(window=WINDOW).weights(staggered.until(rows[0]), current)
    np.testing.assert_array_equal(copied.weights(staggered.until(rows[0]), current), first)


def test_supports_exactly_the_default_problem() -> None:
    assert RollingMinVariance.supports(MeanVariance())
    assert RollingMinVariance.supports(MeanVariance(MinVariance()))
    assert RollingMinVariance.supports(MeanVariance(constraints=[Budget(), Bounds(upper=0.2)]))
    assert RollingMinVariance.supports(MeanVariance(periods_per_year=12))
    assert RollingMinVariance.supports(MeanVariance(chain=DEFAULT_CHAIN))
    assert not RollingMinVariance.supports(MeanVariance(MaxSharpe()))
    assert not RollingMinVariance.supports(MeanVariance(chain=SolverChain(*CVXPY_CHAIN.solvers)))
    assert not RollingMinVariance.supports(MeanVariance(constraints=[Budget(total=0.5), Bounds()]))
    assert not RollingMinVariance.supports(MeanVariance(constraints=[Budget()]))
    assert not RollingMinVariance.supports(
        MeanVariance(constraints=[Budget(), Bounds(upper={"AAPL": 0.1})])
    )
    assert not RollingMinVariance.supports(EqualWeight())
    assert not RollingMinVariance.supports(MeanVariance(), window=None)  # expanding
    assert not RollingMinVariance.supports(MeanVariance(), window=1)
    capped = RollingMinVariance.from_allocator(
        MeanVariance(constraints=(Bounds(lower=0.01, upper=0.2), Budget())), window=126
    )
    assert (capped.window, capped.bounds) == (126, (0.01, 0.2))
    assert RollingMinVariance.from_allocator(MeanVariance()).bounds == (0.0, 1.0)
    with pytest.raises(ConfigError, match="not min variance"):
        RollingMinVariance.from_allocator(MeanVariance(MaxSharpe()))
    with pytest.raises(ConfigError, match="window=None"):
        RollingMinVariance.from_allocator(MeanVariance(), window=None)


def test_errors_name_the_date_and_the_field() -> None:
    prices = load_sp500_prices().iloc[:300]
    history = MarketHistory.from_prices(prices)
    with pytest.raises(EstimationError, match="need 252"):
        RollingMinVariance().weights(history.until(100), np.zeros(20))
    with pytest.raises(InfeasibleError, match=r"0 to 0\.01 on 20 eligible"):
        RollingMinVariance(bounds=(0.0, 0.01)).weights(history.until(299), np.zeros(20))
    gone = prices.copy()
    gone.iloc[250, :] = np.nan
    with pytest.raises(EstimationError, match="no asset is priced"):
        RollingMinVariance().weights(MarketHistory.from_prices(gone).until(299), np.zeros(20))
    with pytest.raises(ConfigError, match="window"):
        RollingMinVariance(window=1)
    with pytest.raises(ConfigError, match="bounds"):
        RollingMinVariance(bounds=(0.5, 0.2))
    assert "252-day windows" in RollingMinVariance().describe()
    assert repr(RollingMinVariance()) == "RollingMinVariance(window=252, bounds=(0.0, 1.0))"

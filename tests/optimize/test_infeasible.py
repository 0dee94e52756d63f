"""Every infeasibility message: plain-words pre-checks and explanations after a solver's proof."""

import re

import numpy as np
import pytest

from algofolio.core.errors import ConfigError, InfeasibleError
from algofolio.optimize import (
    Bounds,
    Budget,
    Constraint,
    EfficientReturn,
    EfficientRisk,
    GrossLeverage,
    GroupLimits,
    MarketNeutral,
    MaxReturn,
    MaxSharpe,
    MaxTurnover,
    MinVariance,
    Objective,
    PortfolioProblem,
    conflicts,
    optimize_portfolio,
)

ASSETS = tuple(f"S{i}" for i in range(8))
MU = np.linspace(0.0001, 0.0008, 8)  # S7 is best: 0.0008 * 252 = 20.16% a year
VARIANCES = np.linspace(1e-4, 4e-4, 8)
PROBLEM = PortfolioProblem(assets=ASSETS, mu=MU, Sigma=np.diag(VARIANCES), periods_per_year=252.0)


def raises(objective: Objective, constraints: tuple[Constraint, ...]) -> str:
    with pytest.raises(InfeasibleError) as info:
        optimize_portfolio(PROBLEM, objective, constraints)
    return str(info.value)


def test_lower_bounds_above_the_budget() -> None:
    message = raises(MinVariance(), (Budget(), Bounds(lower=0.15)))
    assert message == (
        "no portfolio satisfies the constraints: the lower bounds sum to 120% (8 assets, each min "
        "15%), above the budget sum(w) = 100%"
    )


def test_upper_bounds_below_the_budget() -> None:
    message = raises(MinVariance(), (Budget(), Bounds(upper=0.1)))
    assert message.endswith(
        "the upper bounds sum to 80% (8 assets, each max 10%), below the budget sum(w) = 100%"
    )


def test_per_asset_bounds_are_summed() -> None:
    upper = dict.fromkeys(ASSETS, 0.1) | {"S0": 0.15}
    message = raises(MinVariance(), (Budget(), Bounds(upper=upper)))
    assert "the upper bounds sum to 85% (8 assets), below the budget" in message


def test_group_max_below_its_members_lower_bounds() -> None:
    tech = GroupLimits(groups={"Tech": ASSETS[:6]}, upper=0.1)
    message = raises(MinVariance(), (Budget(), Bounds(lower=0.05), tech))
    assert message.endswith(
        "group 'Tech' max 10% with 6 assets, each min 5% (at least 30% in total)"
    )


def test_group_min_above_its_members_upper_bounds() -> None:
    energy = GroupLimits(groups={"S0": "Energy", "S1": "Energy"}, lower={"Energy": 0.2})
    bounds = Bounds(upper={"S0": 0.05, "S1": 0.05})
    message = raises(MinVariance(), (Budget(), bounds, energy))
    assert message.endswith(
        "group 'Energy' min 20% with 2 assets, each max 5% (at most 10% in total)"
    )


def test_every_conflict_is_listed() -> None:
    found = conflicts(
        (Budget(), Bounds(lower=0.2), GrossLeverage(max=0.5), MarketNeutral()), ASSETS
    )
    assert found == [
        "the lower bounds sum to 160% (8 assets, each min 20%), above the budget sum(w) = 100%",
        "budget sum(w) = 100% needs a gross exposure of at least 100%, above the gross leverage "
        "sum(|w|) <= 50%",
        "market neutral sum(w) = 0 conflicts with the budget sum(w) = 100%",
    ]


def test_target_return_above_the_maximum() -> None:
    message = raises(EfficientReturn(target_return=0.5), (Budget(), Bounds()))
    # long only, fully invested: the best return is all in the best asset, 0.0008 * 252
    assert message.startswith(
        "target return 50% a year is above the maximum 20.16% a year the constraints allow"
    )


def test_target_return_above_the_maximum_under_caps() -> None:
    message = raises(EfficientReturn(target_return=0.5), (Budget(), Bounds(upper=0.5)))
    best = (MU[7] * 0.5 + MU[6] * 0.5) * 252  # half in each of the two best assets
    expected = f"{best * 100:.2f}".rstrip("0").rstrip(".")
    assert f"above the maximum {expected}% a year" in message


def test_target_volatility_below_the_minimum() -> None:
    message = raises(EfficientRisk(target_volatility=0.05), (Budget(), Bounds()))
    # uncorrelated assets: the minimum variance is 1 / sum(1 / variance)
    least = np.sqrt(1.0 / np.sum(1.0 / VARIANCES) * 252)
    match = re.search(r"below the minimum ([\d.]+)% a year", message)
    assert match is not None, message
    assert float(match.group(1)) / 100 == pytest.approx(least, abs=5e-5)


def test_max_sharpe_with_no_asset_above_the_risk_free_rate() -> None:
    message = raises(MaxSharpe(risk_free_rate=0.5), (Budget(), Bounds()))
    assert message == (
        "max Sharpe: no asset's expected return beats the risk-free rate 50% a year (best: 'S7' "
        "at 20.16% a year); the ratio has no positive maximum"
    )


def test_max_sharpe_when_the_constraints_exclude_every_asset_above_the_rate() -> None:
    only_first_four = Bounds(upper=dict.fromkeys(ASSETS[4:], 0.0))
    message = raises(MaxSharpe(risk_free_rate=0.15), (Budget(), only_first_four))
    assert message.startswith(
        "max Sharpe: no portfolio allowed by the constraints has an expected return above the "
        "risk-free rate 15% a year (best attainable 10.08%)"
    )


def test_conflict_found_only_by_the_solver_lists_the_constraints() -> None:
    turnover = MaxTurnover(current={"S0": 1.0}, limit=0.2)
    message = raises(MinVariance(), (Budget(), Bounds(upper=0.3), turnover))
    assert message == (
        "no portfolio satisfies all of the constraints together: budget sum(w) = 100%; "
        "bounds 0% <= w <= 30%; turnover sum(|w - current|) <= 20%"
    )


def test_max_sharpe_needs_a_budget() -> None:
    with pytest.raises(ConfigError, match="needs a Budget with a nonzero total") as info:
        optimize_portfolio(PROBLEM, MaxSharpe(), (Bounds(),))
    assert info.value.key == "constraints"


def test_unbounded_problem_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unbounded under the constraints") as info:
        optimize_portfolio(PROBLEM, MaxReturn(), (Budget(),))  # long-short without limits
    assert info.value.key == "constraints"


def test_wrong_objective_and_constraint_types() -> None:
    with pytest.raises(ConfigError, match="objective must be an Objective"):
        optimize_portfolio(PROBLEM, "min_variance", ())  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=r"constraints\[1\] must be a Constraint") as info:
        optimize_portfolio(PROBLEM, MinVariance(), (Budget(), {"max": 0.1}))  # type: ignore[arg-type]
    assert info.value.key == "constraints[1]"

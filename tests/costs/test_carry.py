"""Financing carry: the vectorised path against closed forms and an explicit day-by-day loop."""

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from algofolio.core import ConfigError, DataError
from algofolio.costs import Financing, carry_cash


def _loop(cash0: float, shorts: np.ndarray, dt: np.ndarray, r: float, b: float) -> np.ndarray:
    cash, path = cash0, []
    for short, years in zip(shorts, dt, strict=True):
        cash = cash * (1 + r * years) - b * years * abs(short)
        path.append(cash)
    return np.array(path)


def test_constant_rate_without_shorts_compounds() -> None:
    # 20 years of business days at 5%: cash0 (1 + r dt)^t on every day t
    n, dt = 5040, 1 / 252
    path = carry_cash(1e6, np.zeros(n), np.full(n, dt), Financing(cash_rate=0.05))
    expected = 1e6 * (1 + 0.05 * dt) ** np.arange(1, n + 1)
    np.testing.assert_allclose(path, expected, rtol=1e-12)
    assert path[-1] == pytest.approx(1e6 * math.exp(0.05 * 20), rel=1e-3)  # ~ continuous


def test_constant_short_closed_form() -> None:
    # a constant short S and growth a = 1 + r dt: cash_n = a^n c0 - b dt |S| (a^n - 1) / (a - 1)
    n, dt, r, b, short = 1000, 1 / 365, 0.03, 0.01, -2e5
    path = carry_cash(5e5, np.full(n, short), np.full(n, dt), Financing(cash_rate=r, borrow_rate=b))
    growth = (1 + r * dt) ** np.arange(1, n + 1)
    expected = growth * 5e5 - b * dt * abs(short) * (growth - 1) / (r * dt)
    np.testing.assert_allclose(path, expected, rtol=1e-11)


def test_no_rates_leave_cash_alone_and_borrowing_only_costs() -> None:
    n = 10
    flat = carry_cash(100.0, np.full(n, -50.0), np.full(n, 0.1), Financing())
    np.testing.assert_array_equal(flat, np.full(n, 100.0))
    fees = carry_cash(100.0, np.full(n, -50.0), np.full(n, 0.1), Financing(borrow_rate=0.2))
    np.testing.assert_allclose(fees, 100.0 - 0.2 * 0.1 * 50.0 * np.arange(1, n + 1))


def test_twenty_years_of_daily_carry_match_the_loop() -> None:
    # 5040 days of varying gaps (weekends, holidays) and shorts: no drift from the loop
    rng = np.random.default_rng(7)
    dt = rng.choice([1, 1, 1, 1, 3, 4], 5040) / 365
    shorts = -rng.uniform(0, 4e5, 5040)
    terms = Financing(cash_rate=0.04, borrow_rate=0.015)
    ours = carry_cash(1e6, shorts, dt, terms)
    np.testing.assert_allclose(ours, _loop(1e6, shorts, dt, 0.04, 0.015), rtol=1e-12, atol=1e-6)


paths = st.integers(1, 300).flatmap(
    lambda n: st.tuples(
        arrays(float, n, elements=st.floats(-1e7, 0.0)),
        arrays(float, n, elements=st.floats(0.0, 0.05)),
    )
)


@given(
    paths,
    st.floats(-1e6, 1e7),
    st.floats(-0.5, 0.5),
    st.floats(0.0, 0.3),
)
def test_matches_an_explicit_loop(
    path: tuple[np.ndarray, np.ndarray], cash0: float, r: float, b: float
) -> None:
    shorts, dt = path
    ours = carry_cash(cash0, shorts, dt, Financing(cash_rate=r, borrow_rate=b))
    reference = _loop(cash0, shorts, dt, r, b)
    scale = abs(cash0) + float(np.sum(b * dt * np.abs(shorts))) + 1.0
    np.testing.assert_allclose(ours, reference, rtol=1e-10, atol=1e-11 * scale)


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"cash_rate": -1.0}, "Financing.cash_rate"),
        ({"cash_rate": math.nan}, "Financing.cash_rate"),
        ({"borrow_rate": -0.01}, "Financing.borrow_rate"),
        ({"borrow_rate": math.inf}, "Financing.borrow_rate"),
    ],
)
def test_rates_are_validated_by_key(kwargs: dict[str, float], key: str) -> None:
    with pytest.raises(ConfigError) as info:
        Financing(**kwargs)
    assert info.value.key == key


def test_financing_is_a_frozen_value() -> None:
    terms = Financing(cash_rate=0.02, borrow_rate=0.01)
    assert terms == Financing(cash_rate=0.02, borrow_rate=0.01)
    with pytest.raises(dataclasses.FrozenInstanceError):
        terms.cash_rate = 0.0  # type: ignore[misc]


def test_inputs_are_checked() -> None:
    terms = Financing(cash_rate=0.02)
    with pytest.raises(DataError, match="short_values must be <= 0"):
        carry_cash(1.0, np.array([1.0]), np.array([0.1]), terms)
    with pytest.raises(DataError, match="must match"):
        carry_cash(1.0, np.zeros(2), np.ones(3), terms)
    with pytest.raises(DataError, match="year_fractions must be >= 0"):
        carry_cash(1.0, np.zeros(1), np.array([-0.1]), terms)
    with pytest.raises(DataError, match="year_fractions must be a finite"):
        carry_cash(1.0, np.zeros(1), np.array([np.nan]), terms)
    with pytest.raises(DataError, match="cash0"):
        carry_cash(math.inf, np.zeros(1), np.ones(1), terms)
    with pytest.raises(ConfigError, match="cash_rate"):
        carry_cash(1.0, np.zeros(1), np.array([3.0]), Financing(cash_rate=-0.5))

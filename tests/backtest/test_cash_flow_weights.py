"""Buy-only and sell-only weights: properties that define them, on random books."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from algofolio.backtest.cash_flows import buy_only_weights, sell_only_weights

values = arrays(float, st.integers(1, 8), elements=st.floats(0.0, 100.0))


def targets_for(n: int, seed: int, invested: float) -> np.ndarray:
    raw = np.random.default_rng(seed).random(n)
    return invested * raw / raw.sum()


@settings(max_examples=200, deadline=None)
@given(v=values, cash=st.floats(0.01, 200.0), seed=st.integers(0, 999), invested=st.floats(0.5, 1))
def test_buy_only_never_sells_and_spends_only_the_excess_cash(
    v: np.ndarray, cash: float, seed: int, invested: float
) -> None:
    w = targets_for(v.size, seed, invested)
    total = v.sum() + cash
    after = buy_only_weights(v, cash, w) * total
    assert (after >= v - 1e-9 * total).all()
    spent = (after - v).sum()
    assert spent <= max(cash - (1 - invested) * total, 0.0) + 1e-9 * total
    if spent > 1e-9 * total:  # an asset bought was below its target, unless all were filled
        bought = after - v > 1e-9 * total
        filled_all = (after >= w * total - 1e-9 * total).all()
        assert filled_all or (v[bought] <= w[bought] * total + 1e-9 * total).all()


@settings(max_examples=200, deadline=None)
@given(
    v=values, shortfall=st.floats(0.01, 1.0), seed=st.integers(0, 999), invested=st.floats(0.5, 1)
)
def test_sell_only_never_buys_and_raises_the_cash(
    v: np.ndarray, shortfall: float, seed: int, invested: float
) -> None:
    if v.sum() < 1.0:
        return
    cash = -shortfall * v.sum() * 0.5  # a withdrawal half-way into the holdings at most
    w = targets_for(v.size, seed, invested)
    total = v.sum() + cash
    after = sell_only_weights(v, cash, w) * total
    assert (after <= v + 1e-9 * v.sum()).all()
    assert (after >= -1e-9 * v.sum()).all()
    raised = (v - after).sum()
    assert raised >= -cash - 1e-9 * v.sum()  # the cash is back to >= 0

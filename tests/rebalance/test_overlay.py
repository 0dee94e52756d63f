"""Strategic mixes and score tilts as targets: hand-computed weights, look-ups by date, properties."""

import copy

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from algofolio.allocate import EqualWeight
from algofolio.core import ConfigError, DataError, EstimationError
from algofolio.core.history import MarketHistory
from algofolio.rebalance.overlay import StrategicMix, Tilt, tilt_weights
from algofolio.rebalance.target import AllocatorTarget, Target, fresh_target

DATES = pd.bdate_range("2024-01-01", periods=5, name="date")
PRICES = pd.DataFrame(
    {
        "A": [10.0, 11.0, 12.0, 11.0, 12.0],
        "B": [20.0, 20.5, 21.0, 21.0, 22.0],
        "C": [None, None, 5.0, 5.0, 5.5],  # lists on Jan 3
        "D": [7.0, 7.0, 7.0, 7.0, 7.0],
    },
    index=DATES,
)
MARKET = MarketHistory.from_prices(PRICES)
NONE = np.zeros(4)


# --- strategic mix ----------------------------------------------------------------------------


def test_strategic_mix_over_the_history_assets() -> None:
    mix = StrategicMix({"B": 0.3, "A": 0.6, "E": 0.0})  # E is not in the data: weight 0 is fine
    today = MARKET.until(4)
    weights = mix.weights(today, NONE)
    assert weights.tolist() == [0.6, 0.3, 0.0, 0.0]  # 10% cash
    assert mix.weights(today, NONE) is weights  # cached: no work per decision
    assert not weights.flags.writeable
    assert mix.window == 0
    assert isinstance(mix, Target)
    assert mix.describe() == "strategic mix (B 30%, A 60%, E 0%)"
    assert copy.deepcopy(mix) == mix
    assert fresh_target(mix).weights(today, NONE).tolist() == weights.tolist()


def test_strategic_mix_names_what_is_missing() -> None:
    with pytest.raises(DataError, match="'E'") as info:
        StrategicMix({"A": 0.5, "E": 0.5}).weights(MARKET.until(4), NONE)
    assert info.value.asset == "E"
    with pytest.raises(EstimationError, match="2024-01-02: StrategicMix holds 'C'"):
        StrategicMix({"A": 0.5, "C": 0.5}).weights(MARKET.until(1), NONE)
    assert StrategicMix({"A": 0.5, "C": 0.5}).weights(MARKET.until(2), NONE)[2] == 0.5


@pytest.mark.parametrize(
    ("weights", "key"),
    [({"A": -0.1}, "StrategicMix.weights.A"), ({"A": 0.7, "B": 0.5}, "StrategicMix.weights"),
     ({}, "StrategicMix.weights")],
)  # fmt: skip
def test_invalid_mixes(weights: dict, key: str) -> None:
    with pytest.raises(ConfigError, match="StrategicMix") as info:
        StrategicMix(weights)
    assert info.value.key == key


# --- tilt ---------------------------------------------------------------------------------


def test_tilt_by_hand() -> None:
    # base 50/30/20; scores 1, 2, 3: mean 2, population std sqrt(2/3), z = -1.2247, 0, 1.2247;
    # strength 0.2 -> -0.245, 0, 0.245, clipped to +-0.2: raw 0.4, 0.3, 0.24 (sum 0.94)
    out = tilt_weights(np.array([0.5, 0.3, 0.2]), np.array([1.0, 2.0, 3.0]), 0.2, 0.2)
    np.testing.assert_allclose(out, [0.4 / 0.94, 0.3 / 0.94, 0.24 / 0.94])
    # unclipped: strength 0.1 -> m = -0.12247, 0, 0.12247
    m = 0.1 * np.sqrt(1.5)
    raw = np.array([0.5 * (1 - m), 0.3, 0.2 * (1 + m)])
    out = tilt_weights(np.array([0.5, 0.3, 0.2]), np.array([1.0, 2.0, 3.0]), 0.1, 0.5)
    np.testing.assert_allclose(out, raw / raw.sum())


def test_tilt_keeps_cash_and_unheld_assets_and_treats_missing_scores_as_neutral() -> None:
    # base 40/30/30 of 90% (10% cash) and D unheld; B has no score: z over A and C = -1, 1;
    # strength 0.1: A 0.36 * 0.9, B 0.27 (m = 0), C 0.297; renormalised to 0.9
    base = np.array([0.36, 0.27, 0.27, 0.0])
    out = tilt_weights(base, np.array([1.0, np.nan, 3.0, 100.0]), 0.1, 0.5)
    raw = np.array([0.36 * 0.9, 0.27, 0.27 * 1.1, 0.0])
    np.testing.assert_allclose(out, raw * 0.9 / raw.sum())
    assert out[3] == 0.0
    # equal scores, one scored asset, or no strength: the base itself
    np.testing.assert_allclose(tilt_weights(base, np.full(4, 2.0), 0.5, 0.5), base)
    np.testing.assert_allclose(
        tilt_weights(base, np.array([1.0, np.nan, np.nan, 5]), 0.5, 0.5), base
    )
    np.testing.assert_allclose(tilt_weights(base, np.array([1.0, 2.0, 3.0, 4.0]), 0.0, 0.5), base)


def test_tilt_reads_the_last_scores_dated_on_or_before_the_decision() -> None:
    scores = pd.DataFrame(
        {"A": [3.0, 1.0], "B": [1.0, 3.0], "X": [9.0, 9.0]},  # X is not an asset: ignored
        index=pd.DatetimeIndex(["2024-01-02", "2024-01-04"]),
    )
    tilt = Tilt(StrategicMix({"A": 0.5, "B": 0.5}), scores, strength=0.1, max_tilt=0.5)
    # Jan 3 sees Jan 2's row (A favoured), not Jan 4's; C and D have no column (neutral, unheld)
    np.testing.assert_allclose(tilt.weights(MARKET.until(2), NONE), [0.55, 0.45, 0.0, 0.0])
    np.testing.assert_allclose(tilt.weights(MARKET.until(3), NONE), [0.45, 0.55, 0.0, 0.0])
    np.testing.assert_allclose(tilt.weights(MARKET.until(4), NONE), [0.45, 0.55, 0.0, 0.0])
    with pytest.raises(EstimationError, match="2024-01-01: Tilt has no score"):
        tilt.weights(MARKET.until(0), NONE)
    unnamed = Tilt(StrategicMix({"A": 1.0}), scores[["X"]])
    with pytest.raises(DataError, match="no column"):
        unnamed.weights(MARKET.until(3), NONE)


def test_tilt_with_a_callable_signal_and_an_allocator_base() -> None:
    def momentum(history: MarketHistory) -> np.ndarray:
        return history.prices[-1] / history.prices[-3] - 1  # NaN for C before it has 3 prices

    tilt = Tilt(AllocatorTarget(EqualWeight(), window=2), momentum, strength=0.5, max_tilt=0.5)
    # Jan 5: equal weight over A, B, C, D (all priced on Jan 3..5); momentum 0, 0.0476, 0.1, 0
    out = tilt.weights(MARKET.until(4), NONE)
    s = np.array([0.0, 22 / 21 - 1, 0.1, 0.0])
    z = (s - s.mean()) / s.std()
    raw = 0.25 * (1 + np.clip(0.5 * z, -0.5, 0.5))
    np.testing.assert_allclose(out, raw / raw.sum())
    assert tilt.window == 2
    assert tilt.describe() == (
        f"{tilt.base.describe()} tilted by momentum (strength 0.5, at most ±50%)"
    )
    assert isinstance(tilt, Target)


def test_tilt_checks_its_inputs() -> None:
    def wrong_shape(history: MarketHistory) -> np.ndarray:
        return np.zeros(2)

    with pytest.raises(EstimationError, match=r"wrong_shape gave scores of shape \(2,\)"):
        Tilt(StrategicMix({"A": 1.0}), wrong_shape).weights(MARKET.until(4), NONE)

    class Short:
        window = 0

        def weights(self, history: MarketHistory, current: np.ndarray) -> np.ndarray:
            return np.array([1.2, -0.2, 0.0, 0.0])

        def describe(self) -> str:
            return "a short book"

    with pytest.raises(EstimationError, match="long only"):
        Tilt(Short(), wrong_shape).weights(MARKET.until(4), NONE)
    with pytest.raises(ConfigError, match=r"Tilt\.base"):
        Tilt("60/40", wrong_shape)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=r"Tilt\.signal"):
        Tilt(StrategicMix({"A": 1.0}), [1, 2])  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=r"Tilt\.max_tilt"):
        Tilt(StrategicMix({"A": 1.0}), wrong_shape, max_tilt=1.5)
    with pytest.raises(ConfigError, match=r"Tilt\.strength"):
        Tilt(StrategicMix({"A": 1.0}), wrong_shape, strength=-1)
    with pytest.raises(ConfigError, match="sorted"):
        Tilt(StrategicMix({"A": 1.0}), pd.DataFrame({"A": [1.0, 2.0]}, index=DATES[[1, 0]]))


def test_copies_share_the_score_table_and_copy_the_base() -> None:
    scores = pd.DataFrame({"A": [1.0], "B": [2.0]}, index=DATES[:1])
    tilt = Tilt(AllocatorTarget(EqualWeight(), window=2), scores)
    twin = copy.deepcopy(tilt)
    assert twin._signal is tilt._signal  # read-only arrays, not copied per run
    assert twin.base is not tilt.base
    fresh = fresh_target(tilt)
    np.testing.assert_allclose(
        fresh.weights(MARKET.until(4), NONE), tilt.weights(MARKET.until(4), NONE)
    )


@given(
    seed=st.integers(0, 2**32 - 1),
    k=st.integers(1, 12),
    strength=st.floats(0.0, 5.0),
    max_tilt=st.floats(0.01, 1.0),
    invested=st.floats(0.1, 1.0),
)
def test_tilt_properties(
    seed: int, k: int, strength: float, max_tilt: float, invested: float
) -> None:
    rng = np.random.default_rng(seed)
    base = rng.dirichlet(np.ones(k)) * invested
    base[rng.random(k) < 0.3] = 0.0
    scores = rng.standard_normal(k)
    scores[rng.random(k) < 0.2] = np.nan
    out = tilt_weights(base, scores, strength, max_tilt)
    assert (out >= 0).all()
    assert out.sum() == pytest.approx(base.sum(), abs=1e-12)
    assert (out[base == 0] == 0).all()
    held = base > 0
    if held.any():
        ratio = out[held] / base[held]  # (1 + m_i) times one common factor
        if max_tilt < 1:
            assert ratio.max() / ratio.min() <= (1 + max_tilt) / (1 - max_tilt) * (1 + 1e-12)
        scored = np.isfinite(scores[held])
        order = np.argsort(scores[held][scored])
        assert (np.diff(ratio[scored][order]) >= -1e-12).all()  # a higher score never gets less

"""Signal sweeps against a day-by-day cash/shares simulation of each variant, written here from
the definitions (moving averages by sums over windows, vectorbt's crossing rule as a loop, all in
at the close with fees both ways), on hand cases, seeded paths and hypothesis integer prices
(which tie often); and against vectorbt when it is installed."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from algofolio.backtest import sweep
from algofolio.backtest.sweep import SweepResult, ma_crossover_sweep, signal_sweep
from algofolio.core import ConfigError, DataError
from algofolio.costs import ProportionalCost
from tests.backtest.conftest import random_prices
from tests.signals._reference import loop_crossed_above, loop_long_flat, loop_rolling_mean

RATE = 0.001
COSTS = ProportionalCost(bps=10)


def simulate(prices: list[float], held: list[bool], rate: float) -> tuple[float, int, list[float]]:
    """One variant's book day by day: (final value, positions opened, value after each close)."""
    cash, shares, long, opened, values = 1.0, 0.0, False, 0, []
    for price, want in zip(prices, held, strict=True):
        if want and not long:
            shares, cash, long, opened = cash / (price * (1.0 + rate)), 0.0, True, opened + 1
        elif long and not want:
            cash, shares, long = shares * price * (1.0 - rate), 0.0, False
        values.append(cash + shares * price if long else cash)
    return values[-1], opened, values


def loop_ema(values: list[float], window: int) -> list[float]:
    alpha, out, average, seen = 2.0 / (window + 1), [], math.nan, 0
    for value in values:
        if not math.isnan(value):
            average = value if seen == 0 else alpha * value + (1 - alpha) * average
            seen += 1
        out.append(average if seen >= window else math.nan)
    return out


def crossover_held(prices: list[float], fast: int, slow: int, kind: str = "simple") -> list[bool]:
    average = loop_rolling_mean if kind == "simple" else loop_ema
    f, s = average(prices, fast), average(prices, slow)
    return loop_long_flat(loop_crossed_above(f, s), loop_crossed_above(s, f))


def expected_sweep(
    prices: pd.DataFrame, pairs: list[tuple[int, int]], rate: float, kind: str = "simple"
) -> tuple[np.ndarray, np.ndarray]:
    finals, opened = [], []
    for fast, slow in pairs:
        for asset in prices:
            column = prices[asset].tolist()
            final, count, _ = simulate(column, crossover_held(column, fast, slow, kind), rate)
            finals.append(final)
            opened.append(count)
    return np.array(finals), np.array(opened)


@pytest.mark.parametrize("kind", ["simple", "exponential"])
def test_ma_sweep_matches_the_day_by_day_simulation(kind: str) -> None:
    prices = random_prices(400, 4, seed=21)
    prices.iloc[:60, 3] = np.nan  # a late listing: its averages start later
    pairs = [(5, 20), (10, 40), (20, 10), (3, 3), (1, 8), (50, 200)]
    result = ma_crossover_sweep(prices, *zip(*pairs, strict=True), kind=kind, costs=COSTS)
    finals, opened = expected_sweep(prices, pairs, RATE, kind)
    np.testing.assert_allclose(result.final_value.to_numpy(), finals, rtol=1e-10)
    np.testing.assert_array_equal(result.trades.to_numpy(), opened)
    assert opened.sum() > 50  # many trades: the case is not trivial
    np.testing.assert_allclose(result.total_return.to_numpy(), finals - 1.0, rtol=1e-9)
    assert list(result.final_value.index.names) == ["fast", "slow", "asset"]
    assert result.final_value.index[5] == (10, 40, "A1")  # pair-major, then assets
    assert result.sharpe is None


def test_crossing_rule_on_hand_cases() -> None:
    # fast = price (window 1), slow = 2-day mean: fast > slow exactly when the price went up
    first = [10.0, 11.0, 12.0, 11.0, 11.0, 12.0, 13.0, 15.0, 14.0]
    # up, up (starts above: no entry), down, tie, up (enter at 12), up, up, down (exit at 14)
    second = [10.0, 9.0, 10.0, 10.0, 11.0, 10.0, 10.0, 10.0, 10.0]
    # down, up (enter at 10), tie (still long: a tie is not a crossing), up, down (exit at 10)
    prices = pd.DataFrame({"A": first, "B": second}, index=pd.bdate_range("2024-01-01", periods=9))
    result = ma_crossover_sweep(prices, [1], [2], costs=COSTS)
    fees = (1 - RATE) / (1 + RATE)
    np.testing.assert_allclose(result.final_value.to_numpy(), [14 / 12 * fees, fees], rtol=1e-14)
    assert result.trades.tolist() == [1, 1]


@given(
    st.lists(st.tuples(st.integers(1, 6), st.integers(1, 6)), min_size=2, max_size=40),
    st.lists(st.tuples(st.integers(1, 6), st.integers(1, 6)), min_size=1, max_size=5, unique=True),
)
def test_integer_prices_with_ties_match_the_simulation(
    rows: list[tuple[int, int]], pairs: list[tuple[int, int]]
) -> None:
    prices = pd.DataFrame(rows, columns=["A", "B"], dtype=float)
    result = ma_crossover_sweep(prices, *zip(*pairs, strict=True), costs=COSTS)
    finals, opened = expected_sweep(prices, pairs, RATE)
    np.testing.assert_allclose(result.final_value.to_numpy(), finals, rtol=1e-12)
    np.testing.assert_array_equal(result.trades.to_numpy(), opened)


def test_assets_in_blocks_give_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    prices = random_prices(300, 7, seed=22)
    whole = ma_crossover_sweep(prices, [5, 10], [30, 60], costs=COSTS)
    monkeypatch.setattr(sweep, "_BLOCK_BYTES", 8 * 4 * 300 * 2)  # two assets per block
    blocks = ma_crossover_sweep(prices, [5, 10], [30, 60], costs=COSTS)
    pd.testing.assert_series_equal(blocks.final_value, whole.final_value)
    pd.testing.assert_series_equal(blocks.trades, whole.trades)


def random_positions(shape: tuple[int, ...], seed: int) -> np.ndarray:
    """Bool positions held for random spells (about 10 days each)."""
    rng = np.random.default_rng(seed)
    flips = rng.random(shape) < 0.1
    positions: np.ndarray = np.cumsum(flips, axis=-2) % 2 == 1
    return positions


def test_signal_sweep_matches_the_simulation_with_sharpe() -> None:
    prices = random_prices(250, 3, seed=23)
    prices.iloc[:20, 2] = np.nan
    held = random_positions((4, 250, 3), seed=24)
    held[:, :20, 2] = False  # no position before the listing
    held[0, 0, :2] = True  # long from the first close: an entry on day 0
    held[3] = False  # never long
    result = signal_sweep(prices, held, costs=COSTS, sharpe=True, periods_per_year=252)
    assert result.sharpe is not None
    for v in range(4):
        for j, asset in enumerate(prices):
            final, opened, values = simulate(prices[asset].tolist(), held[v, :, j].tolist(), RATE)
            assert result.final_value[(v, asset)] == pytest.approx(final, rel=1e-10)
            assert result.trades[(v, asset)] == opened
            daily = np.diff(values) / np.array(values[:-1])
            if v == 3:
                assert math.isnan(result.sharpe[(v, asset)])  # never long: no ratio
            else:
                expected = daily.mean() / daily.std(ddof=1) * math.sqrt(252)
                assert result.sharpe[(v, asset)] == pytest.approx(expected, rel=1e-9)


def test_signal_sweep_takes_a_mapping_of_frames() -> None:
    prices = random_prices(120, 2, seed=25)
    held = random_positions((2, 120, 2), seed=26)
    frames = {
        name: pd.DataFrame(held[k], index=prices.index, columns=prices.columns)
        for k, name in enumerate(["slow", "fast"])
    }
    by_name = signal_sweep(prices, frames, costs=COSTS)
    by_array = signal_sweep(prices, held, costs=COSTS)
    np.testing.assert_array_equal(by_name.final_value.to_numpy(), by_array.final_value.to_numpy())
    assert by_name.final_value.index.tolist()[:2] == [("slow", "A0"), ("slow", "A1")]
    assert list(by_name.to_frame().columns) == ["final_value", "total_return", "trades"]


def test_ma_sweep_sharpe_equals_the_signal_sweep_of_its_positions() -> None:
    prices = random_prices(300, 2, seed=27)
    result = ma_crossover_sweep(prices, [5, 8], [20, 8], costs=COSTS, sharpe=True)
    held = np.array(
        [[crossover_held(prices[a].tolist(), f, s) for a in prices] for f, s in [(5, 20), (8, 8)]]
    ).transpose(0, 2, 1)
    again = signal_sweep(prices, held, costs=COSTS, sharpe=True)
    assert result.sharpe is not None
    assert again.sharpe is not None
    np.testing.assert_allclose(result.sharpe.to_numpy(), again.sharpe.to_numpy(), rtol=1e-12)
    assert result.sharpe.iloc[2:].isna().all()  # equal windows never cross: never long
    assert result.sharpe.iloc[:2].notna().all()
    assert list(result.to_frame().columns) == ["final_value", "total_return", "trades", "sharpe"]


def test_equal_to_vectorbt() -> None:
    vbt = pytest.importorskip("vectorbt")
    prices = random_prices(500, 5, seed=28)
    fast, slow = [5, 10, 20], [50, 30, 100]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fast_ma = vbt.MA.run(prices, window=fast, short_name="fast")
        slow_ma = vbt.MA.run(prices, window=slow, short_name="slow")
        portfolio = vbt.Portfolio.from_signals(
            prices,
            fast_ma.ma_crossed_above(slow_ma),
            fast_ma.ma_crossed_below(slow_ma),
            direction="longonly",
            fees=RATE,
            init_cash=1.0,
            freq="1D",
        )
        finals = portfolio.final_value().to_numpy()
        trades = portfolio.trades.count().to_numpy()
    result = ma_crossover_sweep(prices, fast, slow, costs=COSTS)
    np.testing.assert_allclose(result.final_value.to_numpy(), finals, rtol=1e-10)
    np.testing.assert_array_equal(result.trades.to_numpy(), trades)


class _SquareCost:
    def cost(self, trade_values: np.ndarray) -> np.ndarray:
        return np.asarray(trade_values, dtype=float) ** 2


@pytest.mark.parametrize(
    ("fast", "slow", "costs", "key"),
    [
        ([5, 10], [20], None, "slow"),
        ([], [], None, "slow"),
        ([5, 5], [20, 20], None, "fast"),
        ([0], [20], None, "fast[0]"),
        ([5], [2.5], None, "slow[0]"),
        ([5], [20], _SquareCost(), "costs"),
        ([5], [20], ProportionalCost(bps=10_000), "costs"),
    ],
)
def test_bad_configurations(fast: list[int], slow: list[int], costs: object, key: str) -> None:
    with pytest.raises(ConfigError) as caught:
        ma_crossover_sweep(random_prices(50, 1), fast, slow, costs=costs)  # type: ignore[arg-type]
    assert caught.value.key == key


def test_bad_positions_and_prices() -> None:
    prices = random_prices(30, 2)
    with pytest.raises(DataError, match=r"bool array \(variants, 30, 2\)"):
        signal_sweep(prices, np.zeros((1, 30, 3), dtype=bool))
    with pytest.raises(DataError, match="'x' must be a DataFrame on prices' layout"):
        signal_sweep(prices, {"x": prices.iloc[1:] > 0})
    late = prices.copy()
    late.iloc[:5, 1] = np.nan
    with pytest.raises(DataError, match="variant 0 is long 'A1'"):
        signal_sweep(late, np.ones((1, 30, 2), dtype=bool))
    gap = prices.copy()
    gap.iloc[10, 0] = np.nan
    with pytest.raises(DataError, match="'A0' has no value"):
        ma_crossover_sweep(gap, [2], [5])
    assert isinstance(signal_sweep(prices, {}), SweepResult)


def test_unknown_average_kind_and_empty_prices() -> None:
    with pytest.raises(ConfigError, match="kind"):
        ma_crossover_sweep(random_prices(30, 1), [2], [5], kind="hull")  # type: ignore[arg-type]
    with pytest.raises(DataError, match="no dates"):
        ma_crossover_sweep(random_prices(30, 1).iloc[:0], [2], [5])

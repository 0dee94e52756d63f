"""Assets listed later (IPO gaps): not held before a full window, then joining; the decision
function on its own."""

from typing import ClassVar, Self

import numpy as np
import pandas as pd
import pytest

from algofolio.allocate import EqualWeight, FixedWeights
from algofolio.backtest import Strategy, decide_targets, first_rebalance_date, run_backtest
from algofolio.core import DataError, EstimationError, MarketSnapshot
from algofolio.rebalance import CalendarRule
from algofolio.returns import simple_returns

from .conftest import NeverRule, random_prices

LISTING = 60  # row of A2's first price
WINDOW = 20


@pytest.fixture
def prices() -> pd.DataFrame:
    frame = random_prices(n_days=250, seed=11)
    frame.iloc[:LISTING, 2] = np.nan
    return frame


def test_a_later_listing_joins_once_its_window_is_full(prices: pd.DataFrame) -> None:
    strategy = Strategy(name="ew", allocator=EqualWeight(), rule=CalendarRule(), window=WINDOW)
    result = run_backtest(prices, strategy)
    # eligible from the row whose window (WINDOW + 1 prices) starts at the listing
    eligible_from = prices.index[LISTING + WINDOW]
    dates = result.rebalances.index
    join = dates[dates >= eligible_from][0]
    assert eligible_from == pd.Timestamp("2021-04-26")  # 80 business days after 2021-01-04
    assert join == pd.Timestamp("2021-05-03")  # the next first trading day of a month
    assert (result.weights.loc[: join - pd.Timedelta(days=1), "A2"] == 0).all()
    assert result.weights.loc[join].to_numpy() == pytest.approx([1 / 3] * 3)
    before = dates[dates < join][-1]
    assert result.weights.loc[before].to_numpy() == pytest.approx([0.5, 0.5, 0.0])


def test_first_rebalance_waits_for_an_eligible_asset() -> None:
    frame = random_prices(n_days=100, seed=12)
    frame.iloc[:30] = np.nan  # nothing is listed for 30 days
    assert first_rebalance_date(frame, window=10) == frame.index[40]
    assert first_rebalance_date(frame, window=None) == frame.index[32]  # two returns


def test_fixed_weights_on_an_unlisted_asset_name_asset_and_date(prices: pd.DataFrame) -> None:
    strategy = Strategy(
        name="fixed",
        allocator=FixedWeights({"A0": 0.5, "A2": 0.5}),
        rule=NeverRule(),
        window=WINDOW,
    )
    with pytest.raises(DataError, match=r"2021-02-01: .*'A2'") as info:
        run_backtest(prices, strategy)
    assert info.value.asset == "A2"
    assert info.value.date == prices.index[WINDOW]
    # from the day A2 has a full window, the mix runs
    result = run_backtest(prices, strategy, start=prices.index[LISTING + WINDOW])
    assert result.weights.iloc[0].tolist() == pytest.approx([0.5, 0.0, 0.5])


def test_expanding_window_needs_prices_since_the_first_date(prices: pd.DataFrame) -> None:
    strategy = Strategy(name="ew", allocator=EqualWeight(), rule=CalendarRule(), window=None)
    result = run_backtest(prices, strategy)
    assert result.nav.index[0] == prices.index[2]
    assert (result.weights["A2"] == 0).all()


class _Recorder(EqualWeight):
    """Equal weights that keep the returns they were fitted on (shared across clones)."""

    seen: ClassVar[list[pd.DataFrame]] = []
    uses_returns = True  # unlike EqualWeight: it is given the window's returns to record them

    def fit(self, returns: pd.DataFrame, y: None = None) -> Self:
        type(self).seen.append(returns)
        return super().fit(returns)


def test_the_allocator_sees_the_simple_returns_of_the_window(prices: pd.DataFrame) -> None:
    _Recorder.seen.clear()
    t = prices.index[LISTING + 5]
    weights = decide_targets(MarketSnapshot.at(prices, t), _Recorder(), window=WINDOW)
    seen = _Recorder.seen[-1]
    expected = simple_returns(prices.loc[:t].iloc[-(WINDOW + 1) :, :2])
    pd.testing.assert_frame_equal(seen, expected, check_freq=False)
    assert weights.to_dict() == {"A0": 0.5, "A1": 0.5}


def test_decide_targets_needs_history(prices: pd.DataFrame) -> None:
    with pytest.raises(EstimationError, match="5 return"):
        decide_targets(MarketSnapshot.at(prices, prices.index[5]), EqualWeight(), window=WINDOW)
    gap = prices.copy()
    gap.iloc[10] = np.nan
    with pytest.raises(EstimationError, match="no asset is priced"):
        decide_targets(MarketSnapshot.at(gap, gap.index[25]), EqualWeight(), window=WINDOW)


class _Leveraged(EqualWeight):
    """A faulty allocator: 1/N, doubled."""

    def fit(self, returns: pd.DataFrame, y: None = None) -> Self:
        super().fit(returns)
        self.weights_ = self.weights_ * 2
        return self


def test_allocator_weights_are_checked(prices: pd.DataFrame) -> None:
    with pytest.raises(EstimationError, match="_Leveraged weights sum to 2 > 1"):
        decide_targets(MarketSnapshot.at(prices, prices.index[30]), _Leveraged(), window=WINDOW)

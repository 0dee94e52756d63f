"""Cash flows, dividends and next-open fills against hand-computed books."""

import numpy as np
import pandas as pd
import pytest

from algofolio.allocate import FixedWeights
from algofolio.backtest import Strategy, run_backtest
from algofolio.core import ConfigError, DataError, EstimationError, ExecutionError
from algofolio.core.history import MarketHistory
from algofolio.costs import ProportionalCost
from algofolio.rebalance import CalendarRule, TurnoverCap

from .conftest import NeverRule, random_prices


def flat_prices(n_days: int = 30) -> pd.DataFrame:
    index = pd.bdate_range("2024-01-01", periods=n_days, name="date")
    return pd.DataFrame({"A": np.full(n_days, 10.0), "B": np.full(n_days, 20.0)}, index=index)


def hold(mix: dict[str, float], **kwargs: object) -> Strategy:
    return Strategy(name="s", allocator=FixedWeights(mix), rule=NeverRule(), window=2, **kwargs)  # type: ignore[arg-type]


def test_a_contribution_is_not_a_gain_and_buys_the_underweight_asset() -> None:
    prices = flat_prices()
    prices.iloc[10:, 0] = 25.0  # A jumps +150%: A is overweight after it
    flows = pd.Series({prices.index[20]: 20.0})
    result = run_backtest(prices, hold({"A": 0.5, "B": 0.5}), initial_value=100.0, cash_flows=flows)
    # before the flow: 5 A (now 125) and 2.5 B (50) = 175; after: 195, target 97.5 each
    # buy-only: B is 47.5 short, A is over: the 20 all buys B, nothing of A is sold
    day = prices.index[20]
    after = result.weights.loc[day] * result.nav.loc[day]
    assert result.nav.loc[day] == pytest.approx(195.0, rel=1e-12)
    assert after["A"] == pytest.approx(125.0, rel=1e-12)
    assert after["B"] == pytest.approx(70.0, rel=1e-12)
    returns = result.returns
    assert returns.loc[day] == pytest.approx(0.0, abs=1e-15)  # the 20 is not performance
    assert returns.loc[prices.index[10]] == pytest.approx(0.75, rel=1e-12)
    assert result.rebalances["reason"].tolist() == ["initial allocation", "cash flow"]
    assert result.flows is not None
    assert result.flows.loc[day] == 20.0


def test_a_withdrawal_sells_the_overweight_asset_only() -> None:
    prices = flat_prices()
    prices.iloc[10:, 0] = 15.0
    flows = pd.Series({prices.index[20]: -25.0})
    result = run_backtest(prices, hold({"A": 0.5, "B": 0.5}), initial_value=100.0, cash_flows=flows)
    day = prices.index[20]
    trades = result.trades[result.trades["date"] == day]
    # 125 - 25 = 100 left, target 50 each: A is 25 over, so A alone is sold for 25
    assert trades["asset"].tolist() == ["A"]
    assert trades["value"].iloc[0] == pytest.approx(-25.0, rel=1e-12)
    assert result.nav.loc[day] == pytest.approx(100.0, rel=1e-12)
    assert result.cash.loc[day] == pytest.approx(0.0, abs=1e-12)


def test_a_withdrawal_larger_than_the_portfolio_names_the_date() -> None:
    prices = flat_prices()
    flows = pd.Series({prices.index[20]: -500.0})
    with pytest.raises(ExecutionError, match="2024-01-29"):
        run_backtest(prices, hold({"A": 0.5, "B": 0.5}), initial_value=100.0, cash_flows=flows)


def test_flows_before_the_start_are_refused() -> None:
    prices = flat_prices()
    flows = pd.Series({prices.index[0]: 10.0})
    with pytest.raises(DataError, match="before the first rebalance"):
        run_backtest(prices, hold({"A": 1.0}), cash_flows=flows)


def test_dividends_go_to_the_shares_held_at_the_previous_close() -> None:
    prices = flat_prices()
    dividends = pd.DataFrame({"A": [0.5]}, index=[prices.index[12]])
    result = run_backtest(prices, hold({"A": 0.5}), initial_value=100.0, dividends=dividends)
    # 5 shares of A at 10, 50 cash; a 0.5 dividend per share pays 2.5 into cash
    assert result.cash.loc[prices.index[11]] == pytest.approx(50.0)
    assert result.cash.loc[prices.index[12]] == pytest.approx(52.5)
    assert result.nav.iloc[-1] == pytest.approx(102.5)
    assert result.returns.loc[prices.index[12]] == pytest.approx(0.025)


def test_dividends_with_a_bad_value_name_asset_and_date() -> None:
    prices = flat_prices()
    dividends = pd.DataFrame({"B": [-1.0]}, index=[prices.index[3]])
    with pytest.raises(DataError, match=r"'B' pays -1\.0 per share on 2024-01-04"):
        run_backtest(prices, hold({"A": 1.0}), dividends=dividends)


def test_next_open_fills_at_the_next_days_open() -> None:
    prices = random_prices(n_days=80, n_assets=2, seed=4)
    opens = prices.shift(1) * 1.002  # a gap up at each open
    opens.iloc[0] = prices.iloc[0]
    strategy = Strategy(
        name="s",
        allocator=FixedWeights({"A0": 0.6, "A1": 0.4}),
        rule=CalendarRule("monthly"),
        costs=ProportionalCost(bps=10),
        window=5,
        execution="next_open",
    )
    result = run_backtest(prices, strategy, initial_value=1000.0, opens=opens)
    decided = result.rebalances.index
    filled = pd.DatetimeIndex(result.rebalances["filled"])
    rows = prices.index.get_indexer(decided)
    assert (prices.index[rows + 1] == filled).all()
    for _, trade in result.trades.iterrows():
        assert trade["price"] == opens.loc[trade["date"], trade["asset"]]
    # the first decision's day is all cash; the NAV the day after is marked at the close
    first_fill = filled[0]
    shares = result.trades[result.trades["date"] == first_fill].set_index("asset")["shares"]
    cash = result.cash.loc[first_fill]
    assert result.nav.loc[first_fill] == pytest.approx(
        float((shares * prices.loc[first_fill, shares.index]).sum()) + cash, rel=1e-12
    )
    assert result.nav.loc[decided[0]] == 1000.0


def test_next_open_needs_opens() -> None:
    strategy = Strategy(
        name="s", allocator=FixedWeights({"A": 1.0}), rule=NeverRule(), window=2,
        execution="next_open",
    )  # fmt: skip
    with pytest.raises(ConfigError, match="opens"):
        run_backtest(flat_prices(), strategy)


def test_holdings_value_at_the_close_is_the_invested_nav() -> None:
    prices = random_prices(n_days=90, n_assets=3, seed=8)
    strategy = Strategy(
        name="s",
        allocator=FixedWeights({"A0": 0.5, "A1": 0.3, "A2": 0.1}),
        rule=CalendarRule("monthly"),
        costs=ProportionalCost(bps=10),
        window=5,
    )
    result = run_backtest(prices, strategy, initial_value=1000.0)
    value = (result.holdings * prices.loc[result.nav.index]).sum(axis=1)
    np.testing.assert_allclose(value + result.cash, result.nav, rtol=1e-12)
    np.testing.assert_allclose(
        result.holdings * prices.loc[result.nav.index],
        result.weights.mul(result.nav, axis=0),
        rtol=1e-10,
    )


class _FailsAfter:
    """Equal weight until ``date``, then an estimation error (a target that cannot be computed)."""

    window = 5

    def __init__(self, date: pd.Timestamp) -> None:
        self.date = date

    def weights(self, history: MarketHistory, current: np.ndarray) -> np.ndarray:
        if history.date >= self.date:
            raise EstimationError(f"{history.date:%Y-%m-%d}: no solution")
        return np.full(len(history.assets), 1.0 / len(history.assets))

    def describe(self) -> str:
        return "fails later"


def test_a_failing_target_holds_when_asked_and_says_why() -> None:
    prices = random_prices(n_days=120, n_assets=2, seed=9)
    target = _FailsAfter(prices.index[70])
    strategy = Strategy(name="s", allocator=target, rule=CalendarRule("monthly"))
    with pytest.raises(EstimationError, match="no solution"):
        run_backtest(prices, strategy)
    holding = Strategy(name="s", allocator=target, rule=CalendarRule("monthly"), on_failure="hold")
    result = run_backtest(prices, holding, initial_value=100.0)
    failed = result.rebalances[result.rebalances.index >= prices.index[70]]
    assert len(failed) > 0
    assert failed["reason"].str.contains("held, the target failed: .* no solution").all()
    assert (failed["turnover"] == 0).all()
    assert (result.trades["date"] < prices.index[70]).all()
    shares = result.holdings.loc[prices.index[70] :]
    assert (shares.nunique() == 1).all()  # bought and held from the last good rebalance on


def test_next_open_fills_keep_the_fill_days_cash_flow() -> None:
    prices = random_prices(n_days=60, n_assets=2, seed=11)
    flows = pd.Series(10.0, index=prices.index[10::5])
    strategy = Strategy(
        name="s",
        allocator=FixedWeights({"A0": 0.5, "A1": 0.5}),
        rule=CalendarRule("daily"),
        window=5,
        execution="next_open",
    )
    result = run_backtest(prices, strategy, initial_value=100.0, opens=prices, cash_flows=flows)
    assert result.flows is not None
    assert result.flows.sum() == pytest.approx(10.0 * len(flows))
    assert np.isfinite(result.nav).all()
    value = (result.holdings * prices.loc[result.nav.index]).sum(axis=1) + result.cash
    np.testing.assert_allclose(value, result.nav, rtol=1e-12)


def test_trade_rules_do_not_limit_the_first_purchase() -> None:
    prices = random_prices(n_days=60, n_assets=2, seed=12)
    strategy = Strategy(
        name="s",
        allocator=FixedWeights({"A0": 0.5, "A1": 0.5}),
        rule=CalendarRule("monthly"),
        window=5,
        trade=TurnoverCap(0.1),
    )
    result = run_backtest(prices, strategy, initial_value=100.0)
    assert result.weights.iloc[0].tolist() == pytest.approx([0.5, 0.5])

"""rebalance_account: files in, the plan of plan_rebalance on the last prices out; errors named."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from algofolio.core import Holdings
from algofolio.core.errors import ConfigError, DataError
from algofolio.rebalance import plan_rebalance
from algofolio.workflows import load_targets, rebalance_account

PRICES = "date,VTI,BND,GLD\n2024-05-30,240,70,180\n2024-05-31,250,72,190\n"
HOLDINGS = "asset,shares\nVTI,30\nBND,30\nGLD,5\nCASH,1000\n"
TARGETS = "[targets]\nVTI = 0.6\nBND = 0.3\nGLD = 0.1\n"


@pytest.fixture
def account(tmp_path: Path) -> dict[str, Path]:
    files = {"holdings": HOLDINGS, "targets": TARGETS, "prices": PRICES}
    paths = {}
    for name, text in files.items():
        suffix = ".toml" if name == "targets" else ".csv"
        paths[name] = tmp_path / f"{name}{suffix}"
        paths[name].write_text(text, encoding="utf-8")
    return paths


def test_plan_uses_the_last_prices_and_the_file_cash(account: dict[str, Path]) -> None:
    plan = rebalance_account(
        account["holdings"], account["targets"], account["prices"], threshold=0.05
    )
    # Value 30*250 + 30*72 + 5*190 + 1000 = 11,610; BND is 2,160 / 11,610 = 18.6% vs 30%: trade.
    # Whole shares nearest the targets: VTI 28 (7,000), BND 48 (3,456), GLD 6 (1,140); cash 14.
    assert plan.date == pd.Timestamp("2024-05-31")
    assert plan.trades["trade_shares"].to_dict() == {"VTI": -2, "BND": 18, "GLD": 1}
    assert plan.cash_before == 1000.0
    assert plan.cash_after == pytest.approx(14.0)
    assert plan.max_drift_asset == "BND"
    assert plan.max_drift == pytest.approx(0.3 - 2160 / 11610)
    direct = plan_rebalance(
        Holdings(shares=pd.Series({"VTI": 30.0, "BND": 30.0, "GLD": 5.0}), cash=1000.0),
        pd.Series({"VTI": 250.0, "BND": 72.0, "GLD": 190.0}),
        pd.Series({"VTI": 0.6, "BND": 0.3, "GLD": 0.1}),
        threshold=0.05,
    )
    pd.testing.assert_frame_equal(plan.trades, direct.trades)


def test_cash_option_overrides_and_costs_are_charged(account: dict[str, Path]) -> None:
    plan = rebalance_account(
        account["holdings"], account["targets"], account["prices"], cash=5000.0, cost_bps=5
    )
    assert plan.cash_before == 5000.0
    values = plan.trades["trade_value"].to_numpy()
    np.testing.assert_allclose(plan.trades["cost"], 5e-4 * np.abs(values))
    total = float((plan.trades["target_shares"] * plan.trades["price"]).sum())
    assert total + plan.cash_after + plan.total_cost == pytest.approx(11610 + 4000)
    assert plan.cash_after >= 0


def test_within_threshold_nothing_trades(account: dict[str, Path]) -> None:
    plan = rebalance_account(
        account["holdings"], account["targets"], account["prices"], threshold=0.2
    )
    assert not plan.needs_trading
    assert (plan.trades["trade_shares"] == 0).all()


def test_held_asset_without_target_is_sold(account: dict[str, Path]) -> None:
    account["targets"].write_text("[targets]\nVTI = 0.5\nBND = 0.5\n", encoding="utf-8")
    plan = rebalance_account(account["holdings"], account["targets"], account["prices"])
    assert plan.trades.at["GLD", "target_shares"] == 0
    assert plan.trades.at["GLD", "trade_shares"] == -5


def test_asset_without_a_price_today_is_named(account: dict[str, Path]) -> None:
    account["prices"].write_text(
        "date,VTI,BND,GLD\n2024-05-30,240,70,180\n2024-05-31,250,,190\n", encoding="utf-8"
    )
    with pytest.raises(DataError, match=r"no price on 2024-05-31 .* for 'BND'") as err:
        rebalance_account(account["holdings"], account["targets"], account["prices"])
    assert err.value.asset == "BND"


def test_targeted_asset_missing_from_the_prices_is_named(account: dict[str, Path]) -> None:
    account["targets"].write_text("[targets]\nVTI = 0.5\nQQQ = 0.5\n", encoding="utf-8")
    with pytest.raises(DataError, match="for 'QQQ'"):
        rebalance_account(account["holdings"], account["targets"], account["prices"])


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        ('[targets]\nVTI = 0.6\nBND = "forty"\n', "targets.BND", "input should be a valid number"),
        ("[targets]\nVTI = 0.6\nBND = true\n", "targets.BND", "input should be a valid number"),
        ("[targets]\nVTI = 0.6\nBND = 0.6\n", "targets", "weights sum to 1.2 > 1"),
        ("[targets]\nVTI = -0.1\n", "targets", "weight of 'VTI' is -0.1"),
        ("[targets]\nVTI = 0.6\n[extra]\n", "extra", "extra: unknown key"),
        ("VTI = 0.6\n", "targets", "targets: required key is missing"),
    ],
)
def test_bad_targets_name_the_key(tmp_path: Path, text: str, key: str, message: str) -> None:
    path = tmp_path / "t.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as err:
        load_targets(path)
    assert err.value.key == key
    assert str(err.value).startswith("t.toml: ")


def test_negative_holdings_are_named(account: dict[str, Path]) -> None:
    account["holdings"].write_text("asset,shares\nVTI,30\nBND,-3\n", encoding="utf-8")
    with pytest.raises(DataError, match="BND"):
        rebalance_account(account["holdings"], account["targets"], account["prices"])

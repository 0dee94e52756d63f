"""The plain-words explanation of an investor profile's proposal (:mod:`.profile`).

One sentence or short paragraph per item, for a reader without finance training: what was
heard, why this stock share, what is held, how and why it is rebalanced, what a bad year looked
like for this mix on past prices (with the real numbers), and that this is not advice.

>>> _percent(0.123), _percent(-0.05), _money(6321.4)
('12.3%', '-5.0%', '6,321')
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from algofolio.workflows.profile_history import HISTORY_COSTS_BPS, HISTORY_INITIAL_VALUE, MixHistory
from algofolio.workflows.profile_rule import (
    DRIFT_BAND,
    GOAL_EQUITY,
    REVIEW_FREQUENCY,
    bucket_share,
    horizon_cap,
)

if TYPE_CHECKING:
    from algofolio.workflows.profile import InvestorProfile

__all__ = ["BUNDLED_PRICES", "config_text", "explain"]

BUNDLED_PRICES = "dataset:sp500_index"
"""The bundled prices a proposal uses without the user's own: the S&P 500 index."""

_GOAL_WORDS = {
    "preserve": "keeping what you have",
    "income": "steady income",
    "balanced": "a balance of growth and stability",
    "growth": "long-term growth",
}
_TOLERANCE_WORDS = {
    "low": "a low tolerance for losses takes 20 points off",
    "moderate": "a moderate tolerance for losses leaves it there",
    "high": "a high tolerance for losses adds 20 points",
}


_NOTABLE_FALL = 0.05
"""A fall from a peak worth a warning (cash alone never falls this far)."""


def _percent(value: float) -> str:
    return f"{100 * value:.1f}%"


def _money(value: float) -> str:
    return f"{value:,.0f}"


def explain(
    profile: InvestorProfile,
    share: float,
    *,
    weights: pd.Series,
    tags: Mapping[str, Any],
    history: MixHistory,
    cash_rate: float,
    bundled: bool,
) -> list[str]:
    """The explanation's sentences, in reading order (see the module docstring)."""
    years = profile.horizon_years
    bucket, cap = bucket_share(profile.goal, profile.risk_tolerance), horizon_cap(years)
    heard = (
        f"You said: {profile.risk_tolerance} risk tolerance, money needed in {years} "
        f"year{'s' if years != 1 else ''}, goal: {_GOAL_WORDS[profile.goal]}."
    )
    why = (
        f"Why {share:.0%} in stocks: the goal of {_GOAL_WORDS[profile.goal]} starts at "
        f"{GOAL_EQUITY[profile.goal]:.0%} in stocks and {_TOLERANCE_WORDS[profile.risk_tolerance]}"
        f" ({bucket:.0%}). "
    )
    if cap < bucket:
        why += (
            f"Because you need the money in {years} year{'s' if years != 1 else ''}, stocks are "
            f"capped at {cap:.0%} (10 points per year of horizon): money needed soon should not "
            "depend on the stock market, which can take years to recover from a fall."
        )
    else:
        why += (
            f"Your {years}-year horizon does not lower it (stocks are capped at 10 points per "
            "year of horizon, so money needed within a few years stays out of the stock market)."
        )
    why += (
        " This follows two common rules of thumb: risk questionnaires that place investors from "
        "conservative to aggressive, and the 'glide paths' of target-date funds, which hold "
        "fewer stocks as the date the money is needed comes near."
    )
    return [
        heard,
        why,
        _holdings(share, weights, tags, cash_rate, bundled),
        (
            "How to keep it: once a year, on the first trading day, compare each holding with its "
            f"target and trade back only if one has drifted more than {100 * DRIFT_BAND:.0f} "
            "percentage points "
            "away. Rebalancing keeps the risk you chose (after a stock rally you would otherwise "
            "hold more stocks than you meant to); the yearly look and the band avoid trading for "
            "small moves. Vanguard's rebalancing research (Jaconetti, Kinniry and Zilbering, "
            "2010) found yearly checks with 5% bands a reasonable balance of risk and cost."
        ),
        *_past(history),
        (
            "This is an illustration from a simple rule and past prices, not investment advice: "
            "past returns do not predict future ones, and your whole situation (emergency "
            "savings, debts, taxes, other assets) matters. Consider a qualified adviser."
        ),
    ]


def _holdings(
    share: float, weights: pd.Series, tags: Mapping[str, Any], cash_rate: float, bundled: bool
) -> str:
    rest = 1.0 - share
    if bundled:
        stocks = (
            "a broad US stock index (the S&P 500; the bundled series leaves out dividends, "
            "about 2% a year, so the stock figures below are understated)"
        )
        cash = f"cash earning {cash_rate:.1%} a year"
        if share == 0:
            held = f"everything in {cash}"
        elif share == 1:
            held = f"everything in {stocks}"
        else:
            held = f"{share:.0%} in {stocks} and {rest:.0%} in {cash}"
        return (
            f"What you hold: {held}. Cash stands in for bonds because algofolio bundles no bond "
            "prices; with your own prices (propose(profile, prices=..., sleeves={'VTI': "
            "'equity', 'BND': 'bonds'})) the defensive part can be a bond fund."
        )
    equity = [a for a, s in tags.items() if s == "equity"]
    bonds = [a for a, s in tags.items() if s == "bonds"]
    parts = [f"{share:.0%} in stocks ({', '.join(equity)}, split equally)"]
    if bonds:
        parts.append(f"{rest:.0%} in bonds ({', '.join(bonds)}, split equally)")
    else:
        parts.append(f"{rest:.0%} in cash earning {cash_rate:.1%} a year (no bond asset tagged)")
    return "What you hold: " + " and ".join(parts) + "."


def _past(history: MixHistory) -> list[str]:
    start, end = history.start, history.end
    lines = [
        f"How this mix did on past prices ({start:%Y-%m-%d} to {end:%Y-%m-%d}, about "
        f"{history.years:.0f} years, trading costs included): it grew "
        f"{_percent(history.cagr)} a year on average, with ups and downs (volatility) of about "
        f"{_percent(history.volatility)} a year; {_money(HISTORY_INITIAL_VALUE)} became "
        f"{_money(float(history.nav.iloc[-1]))}."
    ]
    if history.worst_year is not None and history.worst_year_return is not None:
        loss = history.worst_year_return
        verb = "lost" if loss < 0 else "still gained"
        lines.append(
            f"A bad year: its worst calendar year was {history.worst_year}, when it {verb} "
            f"{_percent(abs(loss))}. {_fall(history.max_drawdown)}"
        )
    else:
        lines.append(f"The prices cover no full calendar year. {_fall(history.max_drawdown)}")
    return lines


def config_text(
    *,
    weights: pd.Series,
    equity_share: float,
    cash_rate: float,
    profile: InvestorProfile,
    prices: str,
    start: pd.Timestamp,
    bundled: bool,
) -> str:
    """A backtest config (TOML) of the mix ``weights`` on ``prices`` from ``start`` (the first
    date every asset held has a price) under the yearly review."""
    items = ", ".join(f"{json.dumps(str(a))} = {float(w)!r}" for a, w in weights.items())
    said = (
        f"risk tolerance {profile.risk_tolerance}, {profile.horizon_years}-year horizon, "
        f"goal {profile.goal}"
    )
    benchmark = f"benchmark = {json.dumps(BUNDLED_PRICES)}\n" if bundled else ""
    bonds = " (it stands in for bonds: no bond\n# prices are bundled)" if bundled else ""
    title = f"Proposed mix: {equity_share:.0%} stocks ({said})"
    return (
        f"# The strategic mix `algofolio profile` proposed for: {said}.\n"
        "# An illustration from a simple rule and past prices, not investment advice.\n"
        "#\n"
        "#   algofolio backtest THIS_FILE.toml --out profile-backtest\n"
        "#\n"
        f"# 1 - sum(weights) is cash earning financing.cash_rate a year{bonds}.\n\n"
        "[data]\n"
        f"prices = {json.dumps(prices)}\n"
        f"{benchmark}"
        f'start = "{start:%Y-%m-%d}"\n\n'
        "[backtest]\n"
        f"initial_value = {HISTORY_INITIAL_VALUE!r}\n"
        f"costs_bps = {HISTORY_COSTS_BPS!r}\n"
        f"financing = {{ cash_rate = {cash_rate!r} }}\n\n"
        "[[strategies]]\n"
        f"name = {json.dumps(f'Proposed mix ({equity_share:.0%} stocks)')}\n"
        f'allocator = {{ kind = "strategic_mix", weights = {{ {items} }} }}\n'
        f"# first trading day of each {REVIEW_FREQUENCY[:-2]}, only when a holding is more than "
        f"{DRIFT_BAND:.0%} from its target\n"
        'rebalance = { kind = "all", rules = [\n'
        f'  {{ kind = "calendar", frequency = "{REVIEW_FREQUENCY}" }},\n'
        f'  {{ kind = "threshold", threshold = {DRIFT_BAND!r} }},\n'
        "] }\n\n"
        "[report]\n"
        f"title = {json.dumps(title)}\n"
    )


def _fall(drawdown: float) -> str:
    if drawdown < _NOTABLE_FALL:
        return f"Its deepest fall from a peak was only {_percent(drawdown)}."
    return (
        f"Its deepest fall from a peak was {_percent(drawdown)}: {_money(HISTORY_INITIAL_VALUE)} "
        f"at a peak would have shrunk to about {_money(HISTORY_INITIAL_VALUE * (1 - drawdown))}. "
        "If you would sell in such a fall, choose a lower risk tolerance."
    )

"""The investor profile: the documented equity rule (hand cases, monotone properties), the history
figures recomputed by hand from an independent simulation of the rebalanced mix, the explanation's
numbers, the TOML round trips (profile file, backtest config) and errors naming the field."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from algofolio.core.errors import ConfigError
from algofolio.datasets import load_sp500_index, make_synthetic_prices
from algofolio.rebalance import AllRule, CalendarRule, ThresholdRule
from algofolio.workflows import build_strategies, load_backtest_config, run_config
from algofolio.workflows.profile import (
    DEFAULT_CASH_RATE,
    GOALS,
    QUESTIONS,
    RISK_TOLERANCES,
    InvestorProfile,
    equity_share,
    load_profile,
    propose,
)
from algofolio.workflows.profile_history import HISTORY_COSTS_BPS, HISTORY_INITIAL_VALUE

BALANCED = InvestorProfile(risk_tolerance="moderate", horizon_years=20, goal="balanced")


@pytest.fixture(scope="module")
def balanced():
    return propose(BALANCED)


def profile(tolerance: str = "moderate", years: int = 20, goal: str = "balanced"):
    return InvestorProfile(risk_tolerance=tolerance, horizon_years=years, goal=goal)


# --- the rule -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tolerance", "years", "goal", "share"),
    [
        ("moderate", 20, "balanced", 0.60),  # the bucket: 60 + 0
        ("low", 20, "balanced", 0.40),  # 60 - 20
        ("high", 20, "growth", 1.00),  # 80 + 20
        ("low", 20, "preserve", 0.00),  # 20 - 20
        ("high", 20, "income", 0.60),  # 40 + 20
        ("high", 3, "growth", 0.30),  # capped at 10 points a year
        ("moderate", 7, "balanced", 0.60),  # cap 70 > bucket 60
        ("moderate", 5, "balanced", 0.50),  # cap 50 < bucket 60
        ("high", 1, "preserve", 0.10),
    ],
)
def test_equity_share_follows_the_documented_table(tolerance, years, goal, share):
    assert equity_share(profile(tolerance, years, goal)) == pytest.approx(share, abs=1e-12)


_profiles = st.builds(
    InvestorProfile,
    risk_tolerance=st.sampled_from(RISK_TOLERANCES),
    horizon_years=st.integers(1, 60),
    goal=st.sampled_from(GOALS),
)


@given(_profiles, st.integers(1, 30))
def test_a_longer_horizon_never_lowers_the_equity_share(base, extra):
    longer = profile(base.risk_tolerance, base.horizon_years + extra, base.goal)
    assert equity_share(longer) >= equity_share(base)


@given(_profiles)
def test_more_tolerance_never_lowers_the_equity_share(base):
    shares = [equity_share(profile(t, base.horizon_years, base.goal)) for t in RISK_TOLERANCES]
    assert shares == sorted(shares)


@given(_profiles)
def test_equity_share_is_a_fraction_within_the_horizon_cap(base):
    share = equity_share(base)
    assert 0.0 <= share <= min(1.0, 0.1 * base.horizon_years) + 1e-12
    assert round(share * 20) == pytest.approx(share * 20)  # a multiple of 5%


# --- the history, by hand -------------------------------------------------------------------------


def hand_rolled_mix(prices: pd.Series, weight: float, cash_rate: float, bps: float, initial: float):
    """NAV of ``weight`` in one asset and the rest in cash (simple interest ACT/365 per day),
    reviewed on the first trading day of each year and traded back when more than 5 points off,
    paying ``bps`` on traded value out of the portfolio (V' = V - c |w V' - h|)."""
    c = bps / 1e4
    dates, p = prices.index, prices.to_numpy()
    value = initial / (1 + c * weight)  # the first purchase, from cash
    held, cash = weight * value, (1 - weight) * value
    nav, traded = [value], [dates[0]]
    for t in range(1, len(p)):
        held *= p[t] / p[t - 1]
        cash *= 1 + cash_rate * (dates[t] - dates[t - 1]).days / 365
        value = held + cash
        if dates[t].year != dates[t - 1].year and abs(held / value - weight) > 0.05:
            buy = weight * value > held
            value = (
                (value + c * held) / (1 + c * weight)
                if buy
                else (value - c * held) / (1 - c * weight)
            )
            held, cash = weight * value, (1 - weight) * value
            traded.append(dates[t])
        nav.append(held + cash)
    return pd.Series(nav, index=dates), traded


def test_history_nav_equals_a_hand_rolled_rebalanced_mix(balanced):
    index = load_sp500_index()["SP500"]
    nav, traded = hand_rolled_mix(
        index, 0.6, DEFAULT_CASH_RATE, HISTORY_COSTS_BPS, HISTORY_INITIAL_VALUE
    )
    np.testing.assert_allclose(balanced.history.nav.to_numpy(), nav.to_numpy(), rtol=1e-11)
    assert balanced.history.rebalances == len(traded) - 1 > 5


def test_history_figures_recomputed_from_the_nav_by_numpy(balanced):
    history = balanced.history
    nav = history.nav.to_numpy()
    daily = nav[1:] / nav[:-1] - 1
    assert history.cagr == pytest.approx((nav[-1] / nav[0]) ** (252 / len(daily)) - 1, rel=1e-12)
    assert history.volatility == pytest.approx(np.std(daily, ddof=1) * math.sqrt(252), rel=1e-12)
    assert history.max_drawdown == pytest.approx(np.max(1 - nav / np.maximum.accumulate(nav)))
    year_end = history.nav.groupby(history.nav.index.year).last()
    yearly = year_end / year_end.shift(1).fillna(nav[0]) - 1  # 1990 from the first close
    assert history.worst_year == int(yearly.idxmin()) == 2008
    assert history.worst_year_return == pytest.approx(yearly.min(), rel=1e-12)


def test_the_explanation_quotes_the_real_numbers_and_says_it_is_not_advice(balanced):
    text = " ".join(balanced.explanation)
    history = balanced.history
    assert f"2008, when it lost {100 * -history.worst_year_return:.1f}%" in text
    assert f"{100 * history.max_drawdown:.1f}%" in text
    assert f"grew {100 * history.cagr:.1f}% a year" in text
    assert "60% in stocks" in text
    assert "stands in for bonds" in text
    assert "dividends" in text
    assert "not investment advice" in text
    assert len(balanced.explanation) >= 6


def test_proposal_holds_the_mix_and_the_yearly_band_rule(balanced):
    assert balanced.weights.name == "weight"
    assert balanced.weights.to_dict() == {"SP500": 0.6}
    assert balanced.cash == pytest.approx(0.4)
    assert balanced.rule == AllRule(CalendarRule("yearly"), ThresholdRule(0.05))


def test_all_cash_grows_at_the_cash_rate():
    proposal = propose(profile("low", 20, "preserve"))
    nav = proposal.history.nav
    days = (nav.index[-1] - nav.index[0]).days
    assert proposal.weights.to_dict() == {"SP500": 0.0}
    assert proposal.history.max_drawdown == 0.0
    # simple interest per day compounds to slightly more than (1 + r) ** years
    assert nav.iloc[-1] / nav.iloc[0] == pytest.approx(
        np.prod(
            1 + DEFAULT_CASH_RATE * np.diff(nav.index).astype("timedelta64[D]").astype(float) / 365
        )
    )
    assert nav.iloc[-1] / nav.iloc[0] > (1 + DEFAULT_CASH_RATE) ** (days / 365)


# --- payload and config ---------------------------------------------------------------------------


def test_payload_is_json_without_nan(balanced):
    payload = balanced.to_payload()
    text = json.dumps(payload, allow_nan=False)
    assert json.loads(text)["weights"] == {"SP500": 0.6}
    assert payload["history"]["worst_year"] == 2008
    assert payload["profile"] == {
        "risk_tolerance": "moderate",
        "horizon_years": 20,
        "goal": "balanced",
    }


def test_config_toml_parses_and_runs_to_the_same_nav(balanced, tmp_path):
    path = tmp_path / "proposal.toml"
    path.write_text(balanced.config_toml())
    config = load_backtest_config(path)
    (strategy,) = build_strategies(config)
    assert strategy.rule == balanced.rule
    assert strategy.financing.cash_rate == DEFAULT_CASH_RATE
    comparison = run_config(config)
    np.testing.assert_allclose(
        comparison.results[0].nav.to_numpy(), balanced.history.nav.to_numpy(), rtol=1e-12
    )


# --- the user's own prices ------------------------------------------------------------------------


def _own_prices():
    prices = make_synthetic_prices(4, 800, seed=3)
    prices.columns = ["VTI", "VXUS", "BND", "OTHER"]
    prices.iloc[:30, 2] = np.nan  # the bond fund starts later
    return prices


def test_own_prices_split_each_sleeve_equally_from_the_first_common_date(tmp_path):
    prices = _own_prices()
    sleeves = {"VTI": "equity", "VXUS": "equity", "BND": "bonds"}
    proposal = propose(profile("moderate", 20, "balanced"), prices=prices, sleeves=sleeves)
    assert proposal.weights.to_dict() == pytest.approx({"VTI": 0.3, "VXUS": 0.3, "BND": 0.4})
    assert proposal.history.start == prices.index[30]
    assert "VTI, VXUS" in " ".join(proposal.explanation)
    with pytest.raises(ConfigError) as error:
        proposal.config_toml()
    assert error.value.key == "prices"
    prices.to_csv(tmp_path / "mine.csv")
    (tmp_path / "mine.toml").write_text(proposal.config_toml(prices="mine.csv"))
    comparison = run_config(load_backtest_config(tmp_path / "mine.toml"))
    nav = comparison.results[0].nav
    np.testing.assert_allclose(nav.to_numpy(), proposal.history.nav.to_numpy(), rtol=1e-12)


@pytest.mark.parametrize(
    ("sleeves", "key"),
    [
        (None, "sleeves"),
        ({"VTI": "equity", "XYZ": "bonds"}, "sleeves.XYZ"),
        ({"VTI": "stocks"}, "sleeves.VTI"),
        ({"BND": "bonds"}, "sleeves"),
    ],
)
def test_bad_sleeves_name_the_key(sleeves, key):
    with pytest.raises(ConfigError) as error:
        propose(BALANCED, prices=_own_prices(), sleeves=sleeves)
    assert error.value.key == key
    assert key in str(error.value)


def test_sleeves_without_prices_and_a_bad_cash_rate_are_refused():
    with pytest.raises(ConfigError, match="sleeves"):
        propose(BALANCED, sleeves={"SP500": "equity"})
    with pytest.raises(ConfigError, match="cash_rate"):
        propose(BALANCED, cash_rate=float("nan"))


# --- the profile, its questions and its file ------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("risk_tolerance", "medium"),
        ("horizon_years", 0),
        ("horizon_years", True),
        ("horizon_years", 2.5),
        ("goal", "retire"),
    ],
)
def test_invalid_profile_fields_are_named(field, value):
    answers = {"risk_tolerance": "low", "horizon_years": 5, "goal": "income", field: value}
    with pytest.raises(ConfigError) as error:
        InvestorProfile(**answers)
    assert error.value.key == f"InvestorProfile.{field}"
    assert repr(value) in str(error.value)


def test_questions_cover_the_fields_and_parse_answers():
    assert [q.key for q in QUESTIONS] == ["risk_tolerance", "horizon_years", "goal"]
    tolerance, horizon, goal = QUESTIONS
    assert tolerance.choices == ("low", "moderate", "high")
    assert goal.choices == ("preserve", "income", "balanced", "growth")
    assert all(q.help and q.text.endswith("?") for q in QUESTIONS)
    assert tolerance.parse(" High ") == "high"
    assert horizon.parse("15") == 15
    for question, answer in ((tolerance, "very"), (horizon, "soon"), (horizon, "-3"), (goal, "")):
        with pytest.raises(ConfigError) as error:
            question.parse(answer)
        assert error.value.key == f"profile.{question.key}"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "me.toml"
    path.write_text(text)
    return path


def test_load_profile_reads_the_profile_table(tmp_path):
    path = _write(
        tmp_path,
        '[profile]\nrisk_tolerance = "high"\nhorizon_years = 12\ngoal = "growth"\n',
    )
    assert load_profile(path) == profile("high", 12, "growth")


def test_the_example_profile_file_loads():
    example = Path(__file__).parents[2] / "examples" / "profile.toml"
    assert isinstance(load_profile(example), InvestorProfile)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('[profile]\nrisk_tolerance = "high"\nhorizon_years = 12\n', "profile.goal"),
        (
            '[profile]\nrisk_tolerance = "high"\nhorizon_years = 12\ngoal = "growth"\nage = 40\n',
            "profile.age",
        ),
        (
            '[profile]\nrisk_tolerance = "high"\nhorizon_years = "12"\ngoal = "growth"\n',
            "profile.horizon_years",
        ),
        (
            '[profile]\nrisk_tolerance = "huge"\nhorizon_years = 12\ngoal = "growth"\n',
            "profile.risk_tolerance",
        ),
        ('[investor]\nrisk_tolerance = "high"\n', "investor"),
        ("", "profile"),
    ],
)
def test_load_profile_errors_name_the_key(tmp_path, text, key):
    with pytest.raises(ConfigError) as error:
        load_profile(_write(tmp_path, text))
    assert error.value.key == key
    assert str(error.value).startswith(f"me.toml: {key}: ")

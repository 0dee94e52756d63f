"""An investor profile -> a strategic allocation and a rebalancing rule, explained in plain words
(the ``algofolio profile`` use case). An illustration from a simple rule, not investment advice.

**The profile** (:class:`InvestorProfile`, :data:`QUESTIONS`): risk tolerance ``"low"``,
``"moderate"`` or ``"high"``; an investment horizon in whole years (> 0); a goal ``"preserve"``,
``"income"``, ``"balanced"`` or ``"growth"``. From a file: :func:`load_profile` (a ``[profile]``
table).

**The stock (equity) share** (:func:`equity_share`), a transparent rule in two steps:

1. *Risk-questionnaire buckets*, as fund houses and robo-advisers place investors from
   conservative to aggressive: the goal sets a starting share (:data:`GOAL_EQUITY`: preserve 20%,
   income 40%, balanced 60%, growth 80%) and the tolerance moves it (:data:`TOLERANCE_SHIFT`: low
   -20 points, moderate 0, high +20), kept within 0..100%.
2. *A horizon cap*, the idea of target-date glide paths (fewer stocks as the date the money is
   needed comes near): at most :data:`EQUITY_CAP_PER_YEAR` (10 points) per year of horizon, so 1
   year allows 10%, 5 years 50%, 10 years or more 100%.

``share = min(clip(GOAL_EQUITY[goal] + TOLERANCE_SHIFT[tolerance], 0, 1), min(1, 0.1 * years))``:
more tolerance or a longer horizon never lowers it.

**The holdings** (:func:`propose`). Stocks: the bundled S&P 500 index (``dataset:sp500_index``, a
price index: dividends, about 2% a year, are left out). The rest: cash earning ``cash_rate`` a year
(2.5% by default, roughly the average 3-month US Treasury bill yield over 1990-2022): it stands in
for bonds because algofolio bundles no bond prices. With ``prices=`` and ``sleeves=`` (asset ->
``"equity"`` or ``"bonds"``) the shares are split equally among the user's own assets instead.

**The rule** (:func:`review_rule`): once a year (first trading day), trade back to the mix only when
some holding has drifted more than 5 percentage points from its target: yearly monitoring with
5-point bands, which Vanguard's "Best practices for portfolio rebalancing" (Jaconetti, Kinniry and
Zilbering, 2010) found a reasonable balance of risk control and trading cost.

**The history** (:class:`~algofolio.workflows.profile_history.MixHistory`): the mix backtested on
those prices with :func:`algofolio.backtest.run_backtest` and measured by :mod:`algofolio.metrics`.

>>> equity_share(InvestorProfile(risk_tolerance="high", horizon_years=5, goal="growth"))
0.5
>>> equity_share(InvestorProfile(risk_tolerance="low", horizon_years=30, goal="balanced"))
0.4
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NoReturn, get_args

import pandas as pd

from algofolio.core.errors import ConfigError
from algofolio.data import validate_prices
from algofolio.datasets import load_sp500_index
from algofolio.rebalance import RebalanceRule
from algofolio.workflows.profile_history import MixHistory, mix_history
from algofolio.workflows.profile_rule import (
    DRIFT_BAND,
    EQUITY_CAP_PER_YEAR,
    GOAL_EQUITY,
    GOALS,
    REVIEW_FREQUENCY,
    RISK_TOLERANCES,
    TOLERANCE_SHIFT,
    Goal,
    RiskTolerance,
    bucket_share,
    horizon_cap,
    review_rule,
)
from algofolio.workflows.profile_text import BUNDLED_PRICES, config_text, explain
from algofolio.workflows.validation import read_toml

__all__ = [
    "DEFAULT_CASH_RATE",
    "DRIFT_BAND",
    "EQUITY_CAP_PER_YEAR",
    "GOALS",
    "GOAL_EQUITY",
    "QUESTIONS",
    "REVIEW_FREQUENCY",
    "RISK_TOLERANCES",
    "TOLERANCE_SHIFT",
    "Goal",
    "InvestorProfile",
    "MixHistory",
    "Proposal",
    "Question",
    "RiskTolerance",
    "Sleeve",
    "equity_share",
    "load_profile",
    "propose",
    "review_rule",
]

Sleeve = Literal["equity", "bonds"]
DEFAULT_CASH_RATE = 0.025
"""Annual interest on the cash part: roughly the 1990-2022 average 3-month US T-bill yield."""

_BUNDLED_ASSET = "SP500"
_FIELDS = ("risk_tolerance", "horizon_years", "goal")


@dataclass(frozen=True, kw_only=True, slots=True)
class InvestorProfile:
    """What the investor told us: ``risk_tolerance`` (one of :data:`RISK_TOLERANCES`),
    ``horizon_years`` (a whole number > 0: when the money will be needed) and ``goal`` (one of
    :data:`GOALS`). Invalid values raise :class:`ConfigError` keyed ``InvestorProfile.<field>``."""

    risk_tolerance: RiskTolerance
    horizon_years: int
    goal: Goal

    def __post_init__(self) -> None:
        for field in _FIELDS:
            problem = _field_problem(field, getattr(self, field))
            if problem is not None:
                key = f"InvestorProfile.{field}"
                raise ConfigError(f"{key}: {problem}", key=key)

    def to_payload(self) -> dict[str, Any]:
        """The three answers as a JSON-able dict."""
        return {f: getattr(self, f) for f in _FIELDS}


@dataclass(frozen=True, kw_only=True, slots=True)
class Question:
    """One question of the profile: ``key`` (the :class:`InvestorProfile` field), ``text``,
    ``choices`` (the allowed answers; empty for the horizon, a whole number of years > 0) and a
    one-line ``help``."""

    key: str
    text: str
    choices: tuple[str, ...]
    help: str

    def parse(self, answer: str) -> str | int:
        """The answer typed by a user, checked (case and surrounding spaces ignored).

        Raises :class:`ConfigError` keyed ``profile.<key>`` saying what is allowed.

        >>> QUESTIONS[1].parse(" 12 ")
        12
        """
        text = answer.strip().lower()
        value: str | int = text
        if not self.choices:
            try:
                value = int(text)
            except ValueError:
                value = text
        problem = _field_problem(self.key, value)
        if problem is not None:
            raise ConfigError(f"profile.{self.key}: {problem}", key=f"profile.{self.key}")
        return value


QUESTIONS: tuple[Question, ...] = (
    Question(
        key="risk_tolerance",
        text="How much can your investments fall without you selling?",
        choices=RISK_TOLERANCES,
        help="low: a 10% fall would worry me; moderate: I can sit through a 25% fall; "
        "high: I can sit through a 40% fall.",
    ),
    Question(
        key="horizon_years",
        text="In how many years will you need this money?",
        choices=(),
        help="A whole number of years (1 or more); for money spent over many years, the middle of "
        "that period.",
    ),
    Question(
        key="goal",
        text="What is the money for?",
        choices=GOALS,
        help="preserve: keep what I have; income: steady returns; balanced: growth with "
        "stability; growth: the most growth over the long run.",
    ),
)
"""The three questions of :class:`InvestorProfile`, in the order to ask them."""


def _field_problem(field: str, value: object) -> str | None:
    """What is wrong with ``value`` for ``field`` (``None``: nothing)."""
    if field == "horizon_years":
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            return f"must be a whole number of years > 0, got {value!r}"
        return None
    allowed: tuple[str, ...] = RISK_TOLERANCES if field == "risk_tolerance" else GOALS
    if value not in allowed:
        return f"must be one of {', '.join(repr(a) for a in allowed)}, got {value!r}"
    return None


def load_profile(path: str | Path) -> InvestorProfile:
    """Read a profile from the ``[profile]`` table of a TOML file.

    Raises :class:`ConfigError` naming the file and the key (``profile.goal``) for a missing,
    unknown or invalid key, or a file without a ``[profile]`` table.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "me.toml"
    >>> _ = path.write_text('[profile]\\nrisk_tolerance = "moderate"\\nhorizon_years = 15\\n')
    >>> load_profile(path)
    Traceback (most recent call last):
    ...
    algofolio.core.errors.ConfigError: me.toml: profile.goal: missing (one of 'preserve', 'income', 'balanced', 'growth')
    """
    path = Path(path)
    raw = read_toml(path)
    for key in raw:
        if key != "profile":
            _file_error(path, key, "unknown table or key; the file holds one [profile] table")
    table = raw.get("profile")
    if not isinstance(table, dict):
        _file_error(path, "profile", "missing [profile] table")
    for key in table:
        if key not in _FIELDS:
            _file_error(path, f"profile.{key}", f"unknown key; the keys are {', '.join(_FIELDS)}")
    for question in QUESTIONS:
        if question.key not in table:
            allowed = ", ".join(repr(c) for c in question.choices) or "a whole number of years"
            _file_error(path, f"profile.{question.key}", f"missing (one of {allowed})")
        problem = _field_problem(question.key, table[question.key])
        if problem is not None:
            _file_error(path, f"profile.{question.key}", problem)
    return InvestorProfile(**table)


def _file_error(path: Path, key: str, problem: str) -> NoReturn:
    raise ConfigError(f"{path.name}: {key}: {problem}", key=key)


def equity_share(profile: InvestorProfile) -> float:
    """The stock share of ``profile`` in [0, 1] (module docstring: the rule)."""
    return min(
        bucket_share(profile.goal, profile.risk_tolerance), horizon_cap(profile.horizon_years)
    )


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class Proposal:
    """A strategic allocation for a profile, its rebalancing rule, why, and how it fared.

    ``weights``: asset -> fraction of the portfolio (a ``Series`` named ``"weight"``; ``1 - sum``
    is cash earning ``cash_rate``); ``equity_share`` the stock part; ``rule`` the rebalancing
    trigger; ``explanation`` plain sentences; ``history`` the mix backtested on ``prices`` (the
    bundled data's ``"dataset:sp500_index"``, or ``None`` for the user's own frame).
    """

    profile: InvestorProfile
    equity_share: float
    weights: pd.Series
    rule: RebalanceRule
    explanation: list[str]
    history: MixHistory
    cash_rate: float
    prices: str | None

    @property
    def cash(self) -> float:
        """The fraction held in cash."""
        return max(0.0, 1.0 - math.fsum(self.weights))

    def to_payload(self) -> dict[str, Any]:
        """Everything as JSON-able values (no NaN): profile, shares, weights, rule, explanation,
        history figures."""
        payload = {
            "profile": self.profile.to_payload(),
            "equity_share": self.equity_share,
            "weights": {str(a): float(w) for a, w in self.weights.items()},
            "cash": self.cash,
            "cash_rate": self.cash_rate,
            "rule": self.rule.describe(),
            "review_frequency": REVIEW_FREQUENCY,
            "drift_band": DRIFT_BAND,
            "explanation": list(self.explanation),
            "history": self.history.to_payload(),
            "prices": self.prices,
        }
        json.dumps(payload, allow_nan=False)  # a NaN or a non-JSON value is a bug: fail here
        return payload

    def config_toml(self, *, prices: str | None = None) -> str:
        """A backtest config of this proposal that ``algofolio backtest`` runs as is.

        ``prices``: the price file (or ``dataset:NAME``) holding the weights' assets; defaults to
        the prices the proposal was made on, and must be given for the user's own prices
        (:class:`ConfigError` keyed ``prices`` otherwise).
        """
        source = prices if prices is not None else self.prices
        if source is None:
            raise ConfigError(
                "prices: give the path of the price file holding "
                f"{', '.join(map(str, self.weights.index))} (the proposal was made on a frame)",
                key="prices",
            )
        return config_text(
            weights=self.weights,
            equity_share=self.equity_share,
            cash_rate=self.cash_rate,
            profile=self.profile,
            prices=source,
            start=self.history.start,
            bundled=source == BUNDLED_PRICES,
        )


def propose(
    profile: InvestorProfile,
    *,
    prices: pd.DataFrame | None = None,
    sleeves: Mapping[str, Sleeve] | None = None,
    cash_rate: float = DEFAULT_CASH_RATE,
) -> Proposal:
    """The strategic allocation, rule, explanation and history for ``profile``.

    Without ``prices``: the bundled S&P 500 index for stocks, cash for the rest. With ``prices``
    (dates x assets) and ``sleeves`` (each asset used -> ``"equity"`` or ``"bonds"``; at least one
    ``"equity"``): the stock share split equally among the equity assets, the rest among the bond
    assets (or cash when none is tagged); the history runs from the first date every tagged asset
    has a price. Raises :class:`ConfigError` keyed ``sleeves`` / ``sleeves.<asset>`` / ``cash_rate``.

    >>> proposal = propose(InvestorProfile(risk_tolerance="moderate", horizon_years=20, goal="balanced"))
    >>> proposal.weights.to_dict(), proposal.history.worst_year
    ({'SP500': 0.6}, 2008)
    """
    if isinstance(cash_rate, bool) or not isinstance(cash_rate, int | float):
        raise ConfigError(f"cash_rate must be a number, got {cash_rate!r}", key="cash_rate")
    if not (math.isfinite(cash_rate) and -1 < cash_rate < 1):
        raise ConfigError(
            f"cash_rate must be an annual rate in (-1, 1), got {cash_rate!r}", key="cash_rate"
        )
    share = equity_share(profile)
    tags: dict[str, Sleeve] = {_BUNDLED_ASSET: "equity"}
    source: str | None = BUNDLED_PRICES
    if prices is None:
        if sleeves is not None:
            raise ConfigError("sleeves tag the columns of prices: give prices too", key="sleeves")
        frame = load_sp500_index()
    else:
        frame, tags, source = _tagged_prices(prices, sleeves), dict(sleeves or {}), None
    weights = _split(share, tags)
    rule = review_rule()
    history = mix_history(frame, weights, rule, cash_rate=float(cash_rate), name="Proposed mix")
    return Proposal(
        profile=profile,
        equity_share=share,
        weights=weights,
        rule=rule,
        explanation=explain(
            profile,
            share,
            weights=weights,
            tags=tags,
            history=history,
            cash_rate=float(cash_rate),
            bundled=source is not None,
        ),
        history=history,
        cash_rate=float(cash_rate),
        prices=source,
    )


def _tagged_prices(prices: pd.DataFrame, sleeves: Mapping[str, Sleeve] | None) -> pd.DataFrame:
    """The tagged columns of ``prices`` from the first date all are priced (checked)."""
    if sleeves is None or not isinstance(sleeves, Mapping) or not sleeves:
        raise ConfigError(
            "sleeves: tag the columns of prices to use, e.g. {'VTI': 'equity', 'BND': 'bonds'}",
            key="sleeves",
        )
    frame = validate_prices(prices, source="prices")
    for asset, sleeve in sleeves.items():
        if asset not in frame.columns:
            raise ConfigError(
                f"sleeves.{asset}: {asset!r} is not a column of prices", key=f"sleeves.{asset}"
            )
        if sleeve not in get_args(Sleeve):
            raise ConfigError(
                f"sleeves.{asset}: must be 'equity' or 'bonds', got {sleeve!r}",
                key=f"sleeves.{asset}",
            )
    if "equity" not in sleeves.values():
        raise ConfigError("sleeves: tag at least one asset 'equity'", key="sleeves")
    tagged = frame[list(sleeves)]
    priced = tagged.notna().all(axis=1).to_numpy()
    if priced.sum() < 2:
        raise ConfigError(
            "sleeves: the tagged assets share fewer than 2 priced dates", key="sleeves"
        )
    return tagged.iloc[int(priced.argmax()) :]


def _split(share: float, tags: Mapping[str, Sleeve]) -> pd.Series:
    equity = [a for a, s in tags.items() if s == "equity"]
    bonds = [a for a, s in tags.items() if s == "bonds"]
    weights = {a: share / len(equity) for a in equity}
    weights |= {a: (1.0 - share) / len(bonds) for a in bonds}
    return pd.Series(weights, dtype=float, name="weight").rename_axis("asset")

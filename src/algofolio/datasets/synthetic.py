"""A seeded synthetic stock market: a factor model with fat-tailed (Student-t) shocks.

Daily log returns of asset ``i`` on day ``t`` (``t >= 1``; day 0 is the start price)::

    r[t, i] = m + s_i * (sum_k B[k, i] * sqrt(v_k) * f[t, k] + e[t, i])

* ``f[:, 0]`` is the market, ``f[:, 1:]`` are style factors; ``f`` and ``e`` are independent
  Student-t draws with ``tail_dof`` degrees of freedom scaled to unit variance (normal when
  ``tail_dof`` is infinite), so returns have fat tails but the requested variance;
* market loadings ``B[0, i] ~ U(0.5, 1.5)`` with ``v_0 = 1``; style loadings ``B[k, i] ~ N(0, 1)``
  with ``v_k = 0.25``; the idiosyncratic variance is 1 before scaling, so the market explains
  about 40% of each asset's variance and assets are positively correlated on average;
* ``s_i`` scales every asset to a daily standard deviation of ``annual_volatility / sqrt(252)``
  (the population value; a sample deviates by sampling error);
* ``m = annual_drift / 252 - daily_variance / 2``: ``annual_drift`` is the arithmetic (GBM) drift,
  so simple daily returns average ``annual_drift / 252``.

Start prices are drawn between 10 and 200. With ``ipo_fraction > 0``, that share of assets
(rounded down) lists on a random later day and is NaN before it (an IPO gap).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from numbers import Integral, Real
from typing import Any

import numpy as np
import pandas as pd

from algofolio.core.errors import ConfigError

__all__ = ["make_synthetic_prices"]

_PERIODS_PER_YEAR = 252.0
_MARKET_LOADING = (0.5, 1.5)
_STYLE_VARIANCE = 0.25
_START_PRICE = (10.0, 200.0)


def make_synthetic_prices(
    n_assets: int = 20,
    n_days: int = 2520,
    *,
    n_factors: int = 3,
    seed: int = 0,
    start: str | pd.Timestamp = "2000-01-03",
    tail_dof: float = 4.0,
    annual_drift: float = 0.07,
    annual_volatility: float = 0.20,
    ipo_fraction: float = 0.0,
) -> pd.DataFrame:
    """Prices (``n_days`` business days from ``start`` x ``n_assets`` assets ``A0000``...).

    Deterministic for a given ``seed`` (``numpy.random.default_rng``). ``n_factors`` counts the
    market plus ``n_factors - 1`` style factors; ``tail_dof > 2`` (``math.inf`` for normal
    shocks). Raises :class:`~algofolio.core.errors.ConfigError` naming a bad argument.

    >>> prices = make_synthetic_prices(n_assets=3, n_days=4, seed=1, start="2024-01-05")
    >>> prices.shape, list(prices.columns), [f"{d:%a %d}" for d in prices.index]
    ((4, 3), ['A0000', 'A0001', 'A0002'], ['Fri 05', 'Mon 08', 'Tue 09', 'Wed 10'])
    >>> bool((prices > 0).all().all())
    True
    """
    _check_real("ipo_fraction", ipo_fraction, "a number in [0, 1)", lambda v: 0 <= v < 1)
    _check_int("n_assets", n_assets, 1)
    _check_int("n_days", n_days, 3 if ipo_fraction > 0 else 2)
    _check_int("n_factors", n_factors, 1)
    _check_int("seed", seed, 0)
    _check_real("tail_dof", tail_dof, "a number > 2 (math.inf: normal shocks)", lambda v: v > 2)
    _check_real("annual_drift", annual_drift, "a finite number", math.isfinite)
    _check_real(
        "annual_volatility", annual_volatility, "a finite number > 0", lambda v: 0 < v < math.inf
    )
    dates = _business_days(start, n_days)

    rng = np.random.default_rng(seed)
    loadings = np.vstack(
        [
            rng.uniform(*_MARKET_LOADING, size=(1, n_assets)),
            rng.standard_normal(size=(n_factors - 1, n_assets)),
        ]
    )
    factor_sd = np.sqrt(np.r_[1.0, np.full(n_factors - 1, _STYLE_VARIANCE)])
    factors = _unit_shocks(rng, (n_days - 1, n_factors), tail_dof) * factor_sd
    noise = _unit_shocks(rng, (n_days - 1, n_assets), tail_dof)
    start_prices = rng.uniform(*_START_PRICE, size=n_assets)

    raw_variance = ((loadings * factor_sd[:, None]) ** 2).sum(axis=0) + 1.0
    daily_sd = annual_volatility / math.sqrt(_PERIODS_PER_YEAR)
    scale = daily_sd / np.sqrt(raw_variance)
    mean = annual_drift / _PERIODS_PER_YEAR - 0.5 * daily_sd**2
    log_returns = noise  # built in place: the arrays are large
    log_returns += factors @ loadings
    log_returns *= scale
    log_returns += mean

    prices = np.empty((n_days, n_assets))
    prices[0] = np.log(start_prices)
    np.cumsum(log_returns, axis=0, out=prices[1:])
    prices[1:] += prices[0]
    np.exp(prices, out=prices)
    _mask_before_listing(rng, prices, ipo_fraction)

    width = max(4, len(str(n_assets - 1)))
    columns = pd.Index([f"A{i:0{width}d}" for i in range(n_assets)])
    return pd.DataFrame(prices, index=dates, columns=columns)


def _unit_shocks(rng: np.random.Generator, shape: tuple[int, int], dof: float) -> np.ndarray:
    """Student-t draws with ``dof`` degrees of freedom scaled to variance 1 (normal if inf)."""
    if math.isinf(dof):
        return rng.standard_normal(shape)
    return rng.standard_t(dof, size=shape) * math.sqrt((dof - 2.0) / dof)


def _mask_before_listing(rng: np.random.Generator, prices: np.ndarray, fraction: float) -> None:
    """Set prices to NaN before a random listing day for ``floor(fraction * n_assets)`` assets."""
    n_days, n_assets = prices.shape
    n_late = int(fraction * n_assets)
    if n_late == 0:
        return
    late = rng.choice(n_assets, size=n_late, replace=False)
    first_day = rng.integers(1, n_days - 1, size=n_late)  # at least two prices each
    before = np.arange(n_days)[:, None] < first_day[None, :]
    prices[:, late] = np.where(before, np.nan, prices[:, late])


def _business_days(start: Any, n_days: int) -> pd.DatetimeIndex:
    try:
        first = pd.Timestamp(start)
    except (TypeError, ValueError):
        raise ConfigError(f"start: cannot read {start!r} as a date", key="start") from None
    if pd.isna(first):
        raise ConfigError(f"start: cannot read {start!r} as a date", key="start")
    if first.tz is not None:
        first = first.tz_localize(None)  # the price contract is tz-naive
    # freq=None like an index read from a file: the business-day calendar is not a promise
    return pd.DatetimeIndex(pd.bdate_range(first, periods=n_days).to_numpy(), name="date")


def _check_int(name: str, value: Any, lower: int) -> None:
    if isinstance(value, bool) or not isinstance(value, Integral) or value < lower:
        raise ConfigError(f"{name} must be an integer >= {lower}, got {value!r}", key=name)


def _check_real(name: str, value: Any, rule: str, accept: Callable[[float], bool]) -> None:
    number = isinstance(value, Real) and not isinstance(value, bool) and not math.isnan(value)
    if not (number and accept(float(value))):
        raise ConfigError(f"{name} must be {rule}, got {value!r}", key=name)

"""Development cross-check on real prices from ../shared/data (skipped when that folder is absent)."""

import math
import warnings
from pathlib import Path

import empyrical as ep
import pandas as pd
import pytest
import quantstats.stats as qs

from algofolio import metrics
from algofolio.returns import simple_returns

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


def _load(name: str) -> pd.DataFrame:
    path = SHARED / name
    if not path.exists():
        pytest.skip(f"development data {path} is absent (it is not shipped with the package)")
    return pd.read_csv(path, index_col=0, parse_dates=True)


def test_sp500_metrics_match_empyrical() -> None:
    prices = _load("skfolio_sp500_prices.csv.gz")[["AAPL", "JNJ", "XOM"]]
    index = _load("skfolio_sp500_index.csv.gz")["SP500"]
    returns = simple_returns(prices)
    bench = simple_returns(index)
    for asset in returns.columns:
        r = returns[asset]
        assert metrics.cagr(r) == pytest.approx(ep.cagr(r), rel=1e-9)
        assert metrics.sharpe_ratio(r) == pytest.approx(ep.sharpe_ratio(r), rel=1e-9)
        assert metrics.sortino_ratio(r) == pytest.approx(ep.sortino_ratio(r), rel=1e-9)
        assert metrics.max_drawdown(r) == pytest.approx(-ep.max_drawdown(r), rel=1e-9)
        assert metrics.calmar_ratio(r) == pytest.approx(ep.calmar_ratio(r), rel=1e-9)
        assert metrics.value_at_risk(r) == pytest.approx(-ep.value_at_risk(r), rel=1e-9)
        alpha, beta = ep.alpha_beta(r, bench)
        fit = metrics.alpha_beta(r, bench)
        assert (fit.alpha, fit.beta) == pytest.approx((alpha, beta), rel=1e-9)
        assert metrics.information_ratio(r, bench) == pytest.approx(
            ep.excess_sharpe(r, bench) * math.sqrt(252), rel=1e-9
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert metrics.hit_rate(r) == pytest.approx(qs.win_rate(r))
            assert metrics.conditional_value_at_risk(r) == pytest.approx(
                -qs.conditional_value_at_risk(r, method="historical"), rel=1e-9
            )


def test_assets_listing_late_keep_their_own_start() -> None:
    prices = _load("pypfopt_stock_prices.csv.gz")
    returns = simple_returns(prices)
    late = returns.columns[returns.iloc[0].isna()]
    assert len(late) > 0
    table = metrics.summary(returns[list(late[:2])])
    for asset in late[:2]:
        own = returns[asset].dropna()
        assert table.loc["CAGR", asset] == pytest.approx(ep.cagr(own), rel=1e-9)

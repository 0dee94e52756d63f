"""Today's trades for a real account (the ``algofolio rebalance`` use case).

Holdings come from a CSV (``asset,shares`` and an optional ``CASH`` row), target weights from a TOML
``[targets]`` table, today's prices from the last row of a price file.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "targets.toml"
>>> _ = path.write_text('[targets]\\nVTI = 0.6\\nBND = "forty"\\n')
>>> load_targets(path)
Traceback (most recent call last):
...
algofolio.core.errors.ConfigError: targets.toml: targets.BND: input should be a valid number (got 'forty')
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator

from algofolio.core.errors import DataError
from algofolio.costs import ProportionalCost
from algofolio.data import read_holdings
from algofolio.rebalance import TradePlan, plan_rebalance
from algofolio.workflows.sources import load_prices
from algofolio.workflows.validation import check_budget, load_toml_model

__all__ = ["TargetsFile", "load_targets", "rebalance_account"]


class TargetsFile(BaseModel):
    """A targets TOML file: ``[targets]`` with ``ASSET = weight`` (>= 0, summing to at most 1)."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)

    targets: dict[str, float] = Field(min_length=1)

    _budget = field_validator("targets")(check_budget)


def load_targets(path: str | Path) -> pd.Series:
    """Target weights (asset-indexed ``float`` Series, in file order) from a targets TOML file.

    Raises :class:`ConfigError` naming the file and the key (``targets.VTI``).
    """
    parsed = load_toml_model(Path(path), TargetsFile)
    return pd.Series(parsed.targets, dtype=float, name="target_weight")


def rebalance_account(
    holdings_path: str | Path,
    targets_path: str | Path,
    prices_path: str | Path,
    *,
    threshold: float | None = None,
    cash: float | None = None,
    cost_bps: float = 0.0,
) -> TradePlan:
    """Plan the trades that move an account to its target weights at today's prices.

    Today is the last date of the price file (a path or ``dataset:NAME``); every asset held or
    targeted needs a price on it. Held assets without a target are sold. ``cash``
    replaces the holdings file's cash; ``threshold`` (absolute weight drift) skips trading when no
    weight drifted that far; ``cost_bps`` are proportional costs paid from cash.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "h.csv").write_text("asset,shares\\nVTI,10\\nCASH,500\\n")
    >>> _ = (folder / "t.toml").write_text("[targets]\\nVTI = 0.6\\nBND = 0.4\\n")
    >>> _ = (folder / "p.csv").write_text("date,VTI,BND\\n2024-05-30,99,49\\n2024-05-31,100,50\\n")
    >>> plan = rebalance_account(folder / "h.csv", folder / "t.toml", folder / "p.csv")
    >>> plan.date.date(), plan.trades["trade_shares"].to_dict()
    (datetime.date(2024, 5, 31), {'VTI': -1, 'BND': 12})
    """
    holdings = read_holdings(holdings_path)
    if cash is not None:
        holdings = dataclasses.replace(holdings, cash=float(cash))
    targets = load_targets(targets_path)
    prices = load_prices(prices_path)
    today = pd.Timestamp(prices.index[-1])
    assets = list(dict.fromkeys([*holdings.assets, *targets.index]))
    latest = prices.iloc[-1].reindex(assets)
    unpriced = [str(a) for a, p in latest.items() if pd.isna(p)]
    if unpriced:
        raise DataError(
            f"no price on {today:%Y-%m-%d} (the last date of {prices_path}) for "
            + ", ".join(repr(a) for a in unpriced),
            asset=unpriced[0],
            date=today,
        )
    return plan_rebalance(
        holdings,
        latest.astype(float),
        targets,
        threshold=threshold,
        costs=ProportionalCost(bps=cost_bps),
        date=today,
    )

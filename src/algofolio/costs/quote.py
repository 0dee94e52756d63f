"""The market a trade meets: prices and, for richer cost models, volumes, volatility and spreads.

A :class:`TradeQuote` holds one value per asset (``(k,)`` arrays, in the order of the trade values a
cost model is given). ``prices`` are always there; the other fields are optional and a cost model
lists the ones it reads in its ``needs`` attribute, so a caller can check before a run.

* ``prices``: the fill price, > 0, or NaN for an asset not traded (currency per share);
* ``volumes``: shares traded that day, or an average daily volume (shares per day, >= 0 or NaN);
* ``volatility``: the daily standard deviation of simple returns (>= 0 or NaN; 0.02 = 2% a day);
* ``spreads``: the relative bid-ask spread, (ask - bid) / mid (>= 0 or NaN; 0.001 = 10 bps);
* ``assets``: optional asset names, used only to name an asset in an error message.

>>> import numpy as np
>>> quote = TradeQuote(prices=np.array([50.0, np.nan]), spreads=np.array([0.001, np.nan]))
>>> quote.asset_name(1), quote.volumes is None
('#1', True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from algofolio.core.errors import ConfigError, DataError, ExecutionError

__all__ = ["QUOTE_FIELDS", "TradeQuote", "refuse_unusable", "require_field"]

QUOTE_FIELDS = frozenset({"prices", "volumes", "volatility", "spreads"})


@dataclass(frozen=True, kw_only=True, slots=True)
class TradeQuote:
    """Per-asset market data at the time of a trade; every array has shape ``(k,)``.

    Raises :class:`DataError` naming the field (``TradeQuote.volumes``) for an array of another shape
    or with a value out of range (prices <= 0 or infinite; negative or infinite volumes, volatility or
    spreads). NaN is allowed everywhere: it means "unknown", and a cost model raises only when it
    needs the value for an asset it actually trades.
    """

    prices: np.ndarray
    volumes: np.ndarray | None = None
    volatility: np.ndarray | None = None
    spreads: np.ndarray | None = None
    assets: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        prices = _vector(self.prices, "prices", None)
        object.__setattr__(self, "prices", prices)
        k = prices.shape[0]
        if self.assets is not None:
            assets = tuple(self.assets)
            if len(assets) != k:
                raise DataError(
                    f"TradeQuote.assets names {len(assets)} assets but prices has {k} entries"
                )
            object.__setattr__(self, "assets", assets)
        self._refuse("prices", ~(prices > 0) & ~np.isnan(prices) | np.isinf(prices), prices)
        for name in ("volumes", "volatility", "spreads"):
            raw = getattr(self, name)
            if raw is not None:
                values = _vector(raw, name, k)
                self._refuse(name, (values < 0) | np.isinf(values), values)
                object.__setattr__(self, name, values)

    def _refuse(self, name: str, bad: np.ndarray, values: np.ndarray) -> None:
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            need = "> 0 and finite" if name == "prices" else ">= 0 and finite"
            raise DataError(
                f"TradeQuote.{name} of asset {self.asset_name(i)!r} is {float(values[i])!r}; "
                f"need {need}, or NaN",
                asset=self.asset_name(i),
            )

    def asset_name(self, index: int) -> str:
        """The name of the asset at ``index`` (``'#3'`` without :attr:`assets`)."""
        return self.assets[index] if self.assets is not None else f"#{index}"


def require_field(
    quote: TradeQuote | None, field: str, model: str, hint: str | None = None
) -> np.ndarray:
    """``quote.<field>``, or :class:`ConfigError` (key ``field``) naming ``model`` and the field.

    The message reads "``model`` needs ``field``; ``hint``", the hint defaulting to "pass
    ``field``= to the backtest (or a TradeQuote with ``field`` to the fill)".
    """
    values = None if quote is None else getattr(quote, field)
    if values is None:
        advice = hint or f"pass {field}= to the backtest (or a TradeQuote with {field} to the fill)"
        raise ConfigError(f"{model} needs {field}; {advice}", key=field)
    checked: np.ndarray = values
    return checked


def refuse_unusable(
    unusable: np.ndarray, quote: TradeQuote, field: str, model: str, values: np.ndarray
) -> None:
    """Raise :class:`ExecutionError` naming the first traded asset whose ``field`` is unusable.

    ``unusable`` is a boolean ``(k,)`` mask of traded assets whose value cannot be used (NaN, 0).
    """
    if unusable.any():
        i = int(np.flatnonzero(unusable)[0])
        raise ExecutionError(
            f"{model}: asset {quote.asset_name(i)!r} is traded but its {field} is "
            f"{float(values[i])!r}; need a usable value for every traded asset"
        )


def _vector(raw: object, name: str, size: int | None) -> np.ndarray:
    try:
        values = np.asarray(raw, dtype=float)
    except (TypeError, ValueError) as exc:
        raise DataError(f"TradeQuote.{name} must be an array of numbers, got {raw!r}") from exc
    if values.ndim != 1 or (size is not None and values.shape[0] != size):
        expected = "(k,)" if size is None else f"({size},) like prices"
        raise DataError(f"TradeQuote.{name} must have shape {expected}, got {values.shape}")
    return values

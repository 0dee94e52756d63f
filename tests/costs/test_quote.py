"""TradeQuote: shapes and values are checked, each error names the field."""

import dataclasses

import numpy as np
import pytest

from algofolio.core import DataError
from algofolio.costs import QUOTE_FIELDS, TradeQuote


def test_a_quote_holds_float_arrays() -> None:
    quote = TradeQuote(prices=[10, 20], volumes=np.array([1, 2]), assets=["A", "B"])
    assert quote.prices.dtype == float
    assert quote.volumes is not None
    assert quote.volumes.dtype == float
    assert quote.assets == ("A", "B")
    assert quote.asset_name(1) == "B"
    assert quote.volatility is None
    assert quote.spreads is None
    assert {"prices", "volumes", "volatility", "spreads"} == QUOTE_FIELDS
    with pytest.raises(dataclasses.FrozenInstanceError):
        quote.prices = np.ones(2)  # type: ignore[misc]


@pytest.mark.parametrize("field", ["volumes", "volatility", "spreads"])
def test_optional_fields_must_match_prices(field: str) -> None:
    with pytest.raises(DataError, match=f"TradeQuote.{field} must have shape"):
        TradeQuote(prices=np.ones(3), **{field: np.ones(2)})
    with pytest.raises(DataError, match=f"TradeQuote.{field} of asset 'B' is -1.0; need >= 0"):
        TradeQuote(prices=np.ones(2), **{field: np.array([1.0, -1.0])}, assets=("A", "B"))
    with pytest.raises(DataError, match=f"TradeQuote.{field}"):
        TradeQuote(prices=np.ones(2), **{field: np.array([1.0, np.inf])})
    TradeQuote(prices=np.ones(2), **{field: np.array([1.0, np.nan])})  # NaN: unknown, allowed


@pytest.mark.parametrize("prices", [[1.0, 0.0], [1.0, -2.0], [np.inf, 1.0]])
def test_prices_are_positive_or_nan(prices: list[float]) -> None:
    with pytest.raises(DataError, match=r"TradeQuote\.prices"):
        TradeQuote(prices=np.array(prices))
    TradeQuote(prices=np.array([np.nan, 1.0]))


def test_prices_are_a_vector_and_names_match() -> None:
    with pytest.raises(DataError, match=r"TradeQuote.prices must have shape \(k,\)"):
        TradeQuote(prices=np.ones((2, 2)))
    with pytest.raises(DataError, match=r"TradeQuote\.prices must be an array of numbers"):
        TradeQuote(prices=["a", "b"])  # type: ignore[arg-type]
    with pytest.raises(DataError, match=r"TradeQuote\.assets"):
        TradeQuote(prices=np.ones(2), assets=("A",))

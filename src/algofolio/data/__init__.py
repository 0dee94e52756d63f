"""Price and holdings files in, contract-abiding frames out (see docs/architecture.md).

* :func:`read_prices` — CSV or Parquet, wide or long, checked by :func:`validate_prices`;
* :func:`validate_prices` — the price contract, one typed :class:`~algofolio.core.DataError` per fault;
* :func:`read_holdings` — an account's ``asset,shares`` CSV (a ``CASH`` row gives cash).
"""

from algofolio.data.holdings import read_holdings
from algofolio.data.prices import read_prices
from algofolio.data.validation import validate_prices

__all__ = ["read_holdings", "read_prices", "validate_prices"]

"""Price sources named by the user: a file path or ``dataset:NAME`` (a bundled dataset).

>>> load_prices("dataset:sp500").shape
(8313, 20)
>>> load_prices("dataset:sp501")
Traceback (most recent call last):
...
algofolio.core.errors.ConfigError: unknown dataset 'sp501'; available: 'sp500', 'sp500_index', 'factors', 'riskfolio'
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from algofolio.core.errors import ConfigError, DataError
from algofolio.core.options import MissingPolicy, check_option
from algofolio.data import read_prices, validate_prices
from algofolio.datasets import DATASETS, load_dataset

__all__ = ["DATASET_PREFIX", "load_benchmark", "load_prices"]

DATASET_PREFIX = "dataset:"
"""Prefix of a price source that names a bundled dataset instead of a file."""


def load_prices(
    source: str | Path, *, missing: MissingPolicy = "keep", key: str | None = None
) -> pd.DataFrame:
    """Validated prices (dates x assets) from a file or ``dataset:NAME``.

    ``key`` (a config key such as ``data.prices``) prefixes error messages. Raises
    :class:`ConfigError` for an unknown dataset and :class:`DataError` for a missing or bad file.
    """
    prefix = f"{key}: " if key else ""
    check_option(missing, MissingPolicy, "missing")
    text = str(source)
    if text.startswith(DATASET_PREFIX):
        name = text.removeprefix(DATASET_PREFIX)
        if name not in DATASETS:
            choices = ", ".join(repr(d) for d in DATASETS)
            raise ConfigError(f"{prefix}unknown dataset {name!r}; available: {choices}", key=key)
        return validate_prices(load_dataset(name), source=text, missing=missing)
    path = Path(source)
    if not path.is_file():
        raise DataError(f"{prefix}price file not found: {path}", source=str(path))
    return read_prices(path, missing=missing)


def load_benchmark(source: str | Path, *, key: str | None = None) -> pd.Series:
    """A benchmark price series from a one-column price file or dataset, named after its column.

    >>> load_benchmark("dataset:sp500_index").name
    'SP500'
    """
    prices = load_prices(source, key=key)
    if prices.shape[1] != 1:
        prefix = f"{key}: " if key else ""
        raise DataError(
            f"{prefix}a benchmark needs one price column; {source} has {prices.shape[1]}",
            source=str(source),
        )
    return prices.iloc[:, 0].dropna()

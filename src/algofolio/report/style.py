"""The look every chart shares, and the two rules of their data: names shown as plain text, numbers
as compact arrays.

* :func:`plain_text` — plotly.js reads a small HTML subset in names, titles, axis and tick labels,
  hover and cell text (``<b>``, ``<br>``, ``<a href>``) and decodes entities back to text: every
  name that reaches a chart goes through it;
* :func:`day_dates`, :func:`float32_values` — dates at day precision (``YYYY-MM-DD`` in JSON) and
  ``float32`` values: a 30-year daily curve stays a few hundred kilobytes in the report.

>>> plain_text("<b>A&B</b>")
'&lt;b&gt;A&amp;B&lt;/b&gt;'
>>> asset_colors(["B", "A"])
{'A': '#2E91E5', 'B': '#E15F99'}
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
from plotly.colors import qualitative

__all__ = [
    "LAYOUT",
    "PALETTE",
    "asset_colors",
    "day_dates",
    "float32_values",
    "plain_text",
    "series_colors",
]

PALETTE: tuple[str, ...] = tuple(qualitative.Dark24)
"""Colours of assets (sorted names, cycling)."""

_SERIES_PALETTE: tuple[str, ...] = tuple(qualitative.Plotly)  # plotly_white's colorway

LAYOUT: dict[str, Any] = {
    "template": "plotly_white",
    "hovermode": "x unified",
    "margin": {"l": 60, "r": 20, "t": 60, "b": 40},
    "legend": {"orientation": "h", "y": -0.15},
    "height": 460,
}
"""Layout every backtest chart starts from."""


def plain_text(text: object) -> str:
    """``text`` escaped so plotly.js shows it as is (see the module docstring)."""
    return html.escape(str(text), quote=False)


def day_dates(index: pd.Index) -> np.ndarray:
    """Day-precision dates: plotly writes them as ``YYYY-MM-DD`` without validating each one."""
    return pd.DatetimeIndex(index).to_numpy().astype("datetime64[D]")


def float32_values(values: pd.Series | pd.DataFrame | np.ndarray) -> np.ndarray:
    """``values`` as a ``float32`` array (NaN kept)."""
    return np.asarray(values, dtype=np.float32)


def asset_colors(assets: Iterable[str]) -> dict[str, str]:
    """One stable colour per asset (sorted names, cycling a 24-colour palette)."""
    names = sorted(set(assets))
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


def series_colors(names: Iterable[str]) -> dict[str, str]:
    """One colour per strategy or benchmark, in the order given: the colours plotly gives the
    traces of a chart in that order (the template's 10-colour colorway, cycling).

    >>> series_colors(["S", "B"])
    {'S': '#636EFA', 'B': '#EF553B'}
    """
    ordered = list(dict.fromkeys(names))
    return {name: _SERIES_PALETTE[i % len(_SERIES_PALETTE)] for i, name in enumerate(ordered)}

"""Plotly figures of a backtest, built from plain pandas objects (no computation of results here).

* :func:`equity_figure` — value over time, one line per column, with a linear/log toggle;
* :func:`drawdown_figure` — the underwater chart, drawdowns (positive losses) drawn below zero;
* :func:`weights_figure` — stacked weights per asset over time, sampled at month ends, plus cash.

Dates on the x axis are day-precision (``YYYY-MM-DD`` in JSON) and values ``float32`` arrays: a 30-year daily curve
stays a few hundred kilobytes in the HTML report.

>>> import pandas as pd
>>> navs = pd.DataFrame({"A": [1.0, 1.1, 1.05]}, index=pd.bdate_range("2024-01-01", periods=3))
>>> fig = equity_figure(navs)
>>> [trace.name for trace in fig.data], fig.layout.updatemenus[0].buttons[1].label
(['A'], 'Linear')
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

__all__ = [
    "CASH_LABEL",
    "asset_colors",
    "drawdown_figure",
    "equity_figure",
    "month_end_weights",
    "plain_text",
    "weights_figure",
]

CASH_LABEL = "Cash"
"""Legend name of the uninvested share ``1 - sum(weights)`` in the weights chart."""

_CASH_VISIBLE = 1e-6  # cash weights below this everywhere are not drawn
_PALETTE: tuple[str, ...] = tuple(qualitative.Dark24)
_CASH_COLOR = "#B0B0B0"
_LAYOUT: dict[str, Any] = {
    "template": "plotly_white",
    "hovermode": "x unified",
    "margin": {"l": 60, "r": 20, "t": 60, "b": 40},
    "legend": {"orientation": "h", "y": -0.15},
    "height": 460,
}


def plain_text(text: object) -> str:
    """``text`` escaped so plotly.js shows it as is: plotly reads a small HTML subset in names and
    titles (``<b>``, ``<br>``, ``<a href>``) and decodes ``&lt;``-style entities back to text.

    >>> plain_text("<b>A&B</b>")
    '&lt;b&gt;A&amp;B&lt;/b&gt;'
    """
    return html.escape(str(text), quote=False)


def _dates(index: pd.Index) -> np.ndarray:
    """Day-precision dates: plotly writes them as ``YYYY-MM-DD`` without validating each one."""
    return pd.DatetimeIndex(index).to_numpy().astype("datetime64[D]")


def _values(series: pd.Series) -> np.ndarray:
    return series.to_numpy(dtype=np.float32)


def equity_figure(values: pd.DataFrame, *, title: str = "Value over time") -> go.Figure:
    """Lines of ``values`` (dates x series, e.g. strategy NAVs and a rebased benchmark).

    The y axis starts in log scale, where equal growth rates look equal over decades; two buttons
    switch between log and linear.
    """
    fig = go.Figure()
    for name in values.columns:
        column = values[name].dropna()
        fig.add_trace(
            go.Scatter(
                x=_dates(column.index), y=_values(column), mode="lines", name=plain_text(name)
            )
        )
    scale_buttons = [
        {"label": label, "method": "relayout", "args": [{"yaxis.type": scale}]}
        for label, scale in (("Log", "log"), ("Linear", "linear"))
    ]
    fig.update_layout(
        _LAYOUT,
        title={"text": plain_text(title)},
        yaxis={"title": {"text": "Value"}, "type": "log"},
        updatemenus=[
            {
                "type": "buttons",
                "direction": "right",
                "buttons": scale_buttons,
                "x": 1.0,
                "xanchor": "right",
                "y": 1.12,
                "yanchor": "top",
                "showactive": True,
            }
        ],
    )
    return fig


def drawdown_figure(drawdowns: pd.DataFrame, *, title: str = "Drawdown") -> go.Figure:
    """Underwater chart of ``drawdowns`` (dates x series, positive fractions below the peak).

    >>> dd = pd.DataFrame({"A": [0.0, 0.25]}, index=pd.bdate_range("2024-01-01", periods=2))
    >>> drawdown_figure(dd).data[0].y.tolist()
    [0.0, -0.25]
    """
    fig = go.Figure()
    for name in drawdowns.columns:
        column = drawdowns[name].dropna()
        fig.add_trace(
            go.Scatter(
                x=_dates(column.index),
                y=_values(-column),
                mode="lines",
                fill="tozeroy",
                name=plain_text(name),
            )
        )
    fig.update_layout(
        _LAYOUT,
        title={"text": plain_text(title)},
        yaxis={"title": {"text": "Below previous peak"}, "tickformat": ".0%"},
    )
    return fig


def month_end_weights(weights: pd.DataFrame) -> pd.DataFrame:
    """The last weights of each calendar month (dates x assets), labelled by that last trading day.

    >>> w = pd.DataFrame({"A": [0.5, 0.6, 0.7]},
    ...                  index=pd.to_datetime(["2024-01-30", "2024-01-31", "2024-02-01"]))
    >>> month_end_weights(w)["A"].tolist()
    [0.6, 0.7]
    """
    if weights.empty:
        return weights
    index = pd.DatetimeIndex(weights.index)
    last_of_month = ~pd.Series(index.to_period("M"), index=index).duplicated(keep="last")
    return weights.loc[last_of_month.to_numpy()]


def asset_colors(assets: Iterable[str]) -> dict[str, str]:
    """One stable colour per asset (sorted names, cycling a 24-colour palette).

    >>> asset_colors(["B", "A"])
    {'A': '#2E91E5', 'B': '#E15F99'}
    """
    names = sorted(set(assets))
    return {name: _PALETTE[i % len(_PALETTE)] for i, name in enumerate(names)}


def weights_figure(
    weights: pd.DataFrame, *, title: str = "Weights", colors: Mapping[str, str] | None = None
) -> go.Figure:
    """Stacked areas of ``weights`` (dates x assets, fractions of value) at month ends.

    Assets never held are left out; the cash share ``1 - sum(weights)`` is drawn when it is ever
    above 1e-6.

    >>> w = pd.DataFrame({"A": [0.5, 0.7], "B": [0.4, 0.3]},
    ...                  index=pd.to_datetime(["2024-01-31", "2024-02-29"]))
    >>> [trace.name for trace in weights_figure(w).data]
    ['A', 'B', 'Cash']
    """
    sampled = month_end_weights(weights).fillna(0.0)
    held = sampled.loc[:, (sampled.abs() > 0).any(axis=0)]
    colors = dict(colors or asset_colors(str(c) for c in held.columns))
    cash = 1.0 - sampled.sum(axis=1)
    layers = [(str(name), held[name]) for name in held.columns]
    if bool((cash.abs() > _CASH_VISIBLE).any()):
        layers.append((CASH_LABEL, cash))
        colors.setdefault(CASH_LABEL, _CASH_COLOR)
    fig = go.Figure()
    x = _dates(sampled.index)
    for name, series in layers:
        fig.add_trace(
            go.Scatter(
                x=x,
                y=_values(series),
                mode="lines",
                stackgroup="weights",
                name=plain_text(name),
                line={"width": 0.5, "color": colors.get(name)},
            )
        )
    fig.update_layout(
        _LAYOUT,
        title={"text": plain_text(title)},
        yaxis={"title": {"text": "Weight"}, "tickformat": ".0%"},
    )
    return fig

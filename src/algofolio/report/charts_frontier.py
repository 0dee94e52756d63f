"""Charts of an efficient frontier, from plain frames (annual volatilities, returns and weights).

* :func:`frontier_figure` — the frontier line, a cloud of random portfolios coloured by Sharpe
  ratio, the min-volatility and max-Sharpe portfolios as stars, the single assets as labelled dots;
* :func:`starred_weights_figure` — the weights of the starred portfolios side by side;
* :func:`frontier_weights_figure` — the weights along the frontier, stacked, against volatility.

>>> import pandas as pd
>>> points = pd.DataFrame({"expected_return": [0.05, 0.08], "volatility": [0.10, 0.14],
...                        "sharpe": [0.5, 0.57]})
>>> fig = frontier_figure(points, None, (0.10, 0.05), (0.14, 0.08), None)
>>> [trace.name for trace in fig.data]
['Efficient frontier', 'Min volatility', 'Max Sharpe']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from algofolio.report.style import LAYOUT, asset_colors, float32_values, plain_text

__all__ = ["frontier_figure", "frontier_weights_figure", "starred_weights_figure"]

_WEIGHT_SHOWN = 1e-6  # weights below this (in absolute value) are left out
_STARRED_COLORS = {"Min volatility": "#2E91E5", "Max Sharpe": "#E15F99"}
_LAYOUT: dict[str, Any] = {**LAYOUT, "hovermode": "closest", "height": 560}


def frontier_figure(
    frontier_points: pd.DataFrame,
    cloud: pd.DataFrame | None,
    min_volatility: tuple[float, float],
    max_sharpe: tuple[float, float],
    assets: pd.DataFrame | None,
    *,
    title: str = "Efficient frontier",
) -> go.Figure:
    """The frontier chart (x: annual volatility, y: annual expected return).

    ``frontier_points`` and ``cloud`` have ``volatility`` and ``expected_return`` columns (the
    cloud also ``sharpe``, its colour); ``min_volatility`` and ``max_sharpe`` are
    ``(volatility, expected_return)``; ``assets`` is indexed by asset with the same two columns.
    """
    fig = go.Figure()
    if cloud is not None and len(cloud):
        fig.add_trace(
            go.Scattergl(
                x=_values(cloud["volatility"]),
                y=_values(cloud["expected_return"]),
                mode="markers",
                name="Random portfolios",
                marker={
                    "size": 4,
                    "opacity": 0.6,
                    "color": _values(cloud["sharpe"]),
                    "colorscale": "Viridis",
                    "colorbar": {"title": {"text": "Sharpe"}},
                    "showscale": True,
                },
                hovertemplate="vol %{x:.2%}<br>return %{y:.2%}<br>Sharpe %{marker.color:.2f}"
                "<extra></extra>",
            )
        )
    points = frontier_points.sort_values("volatility")
    fig.add_trace(
        go.Scatter(
            x=_values(points["volatility"]),
            y=_values(points["expected_return"]),
            mode="lines+markers",
            name="Efficient frontier",
            line={"width": 3, "color": "#1f2933"},
            marker={"size": 5},
            hovertemplate="vol %{x:.2%}<br>return %{y:.2%}<extra>frontier</extra>",
        )
    )
    for name, (vol, ret) in (("Min volatility", min_volatility), ("Max Sharpe", max_sharpe)):
        color = _STARRED_COLORS[name]
        fig.add_trace(
            go.Scatter(
                x=[float(vol)],
                y=[float(ret)],
                mode="markers",
                name=name,
                marker={
                    "symbol": "star",
                    "size": 18,
                    "color": color,
                    "line": {"width": 1, "color": "#000"},
                },
                hovertemplate=f"{name}<br>vol %{{x:.2%}}<br>return %{{y:.2%}}<extra></extra>",
            )
        )
    if assets is not None and len(assets):
        labels = [plain_text(a) for a in assets.index]
        fig.add_trace(
            go.Scatter(
                x=_values(assets["volatility"]),
                y=_values(assets["expected_return"]),
                mode="markers+text",
                name="Assets",
                text=labels,
                textposition="top center",
                marker={"size": 8, "symbol": "circle-open", "color": "#616e7c"},
                hovertemplate="%{text}<br>vol %{x:.2%}<br>return %{y:.2%}<extra></extra>",
            )
        )
    fig.update_layout(
        _LAYOUT,
        title={"text": plain_text(title)},
        xaxis={"title": {"text": "Volatility (annual)"}, "tickformat": ".0%"},
        yaxis={"title": {"text": "Expected return (annual)"}, "tickformat": ".0%"},
    )
    return fig


def _values(series: pd.Series) -> np.ndarray:
    return series.to_numpy(dtype=np.float64)


def starred_weights_figure(
    portfolios: Mapping[str, pd.Series], *, title: str = "Weights of the starred portfolios"
) -> go.Figure:
    """Grouped bars: one bar per asset and portfolio (``portfolios``: name -> asset-indexed
    weights); assets with no weight in any portfolio are left out, the largest first.

    >>> w = {"Min volatility": pd.Series({"A": 0.7, "B": 0.3, "C": 0.0}),
    ...      "Max Sharpe": pd.Series({"A": 0.2, "B": 0.8, "C": 0.0})}
    >>> fig = starred_weights_figure(w)
    >>> [t.name for t in fig.data], list(fig.data[0].x)
    (['Min volatility', 'Max Sharpe'], ['B', 'A'])
    """
    table = pd.DataFrame(dict(portfolios)).fillna(0.0)
    table = table.loc[(table.abs() > _WEIGHT_SHOWN).any(axis=1)]
    table = table.loc[table.abs().max(axis=1).sort_values(ascending=False, kind="stable").index]
    labels = [plain_text(asset) for asset in table.index]
    fig = go.Figure()
    for i, name in enumerate(table.columns):
        fig.add_trace(
            go.Bar(
                x=labels,
                y=float32_values(table.iloc[:, i]),
                name=plain_text(name),
                marker={"color": _STARRED_COLORS.get(str(name))},
                hovertemplate="%{x}: %{y:.2%}<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_layout(
        _LAYOUT,
        title={"text": plain_text(title)},
        barmode="group",
        height=420,
        xaxis={"type": "category"},
        yaxis={"title": {"text": "Weight"}, "tickformat": ".0%"},
    )
    return fig


def frontier_weights_figure(
    points: pd.DataFrame, weights: pd.DataFrame, *, title: str = "Weights along the frontier"
) -> go.Figure:
    """Stacked areas of ``weights`` (points x assets, on the rows of ``points``) against each
    point's annual volatility; assets never held are left out.

    >>> points = pd.DataFrame({"volatility": [0.2, 0.1]})
    >>> w = pd.DataFrame({"A": [0.0, 1.0], "B": [1.0, 0.0], "C": [0.0, 0.0]})
    >>> fig = frontier_weights_figure(points, w)
    >>> [t.name for t in fig.data], fig.data[0].y.tolist()
    (['A', 'B'], [1.0, 0.0])
    """
    order = np.argsort(points["volatility"].to_numpy(dtype=float), kind="stable")
    table = weights.set_axis(points.index).iloc[order].fillna(0.0)
    table = table.loc[:, (table.abs() > _WEIGHT_SHOWN).any(axis=0)]
    colors = asset_colors(str(c) for c in table.columns)
    x = float32_values(points["volatility"].iloc[order])
    fig = go.Figure()
    for i, asset in enumerate(table.columns):
        fig.add_trace(
            go.Scatter(
                x=x,
                y=float32_values(table.iloc[:, i]),
                mode="lines",
                stackgroup="weights",
                name=plain_text(asset),
                line={"width": 0.5, "color": colors[str(asset)]},
                hovertemplate="vol %{x:.2%}: %{y:.2%}",
            )
        )
    fig.update_layout(
        _LAYOUT,
        title={"text": plain_text(title)},
        hovermode="x unified",
        height=460,
        xaxis={"title": {"text": "Volatility (annual)"}, "tickformat": ".0%"},
        yaxis={"title": {"text": "Weight"}, "tickformat": ".0%"},
    )
    return fig

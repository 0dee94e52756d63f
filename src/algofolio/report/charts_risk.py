"""Charts of where risk comes from, from plain pandas objects.

* :func:`risk_contribution_figure` — each asset's weight beside its share of the portfolio's
  variance (fractions summing to 1, as ``metrics.risk_contributions`` gives them);
* :func:`correlation_figure` — a heatmap of a correlation matrix (assets or strategies), every name
  shown as plain text on both axes.

>>> import pandas as pd
>>> corr = pd.DataFrame([[1.0, 0.5], [0.5, 1.0]], index=["<b>", "B"], columns=["<b>", "B"])
>>> list(correlation_figure(corr, title="C").data[0].x)
['&lt;b&gt;', 'B']
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from algofolio.report.style import LAYOUT, float32_values, plain_text

__all__ = ["correlation_figure", "risk_contribution_figure"]

_CELL_TEXT_MAX = 30  # cells are labelled with their value up to this many rows
_WEIGHT_COLOR = "#9aa5b1"
_RISK_COLOR = "#d64545"


def risk_contribution_figure(
    weights: pd.Series, contributions: pd.Series, *, title: str
) -> go.Figure:
    """Grouped bars per asset: ``weights`` (fractions of value) and ``contributions`` (shares of
    the portfolio's variance, summing to 1), assets ordered by contribution, largest first.

    >>> w = pd.Series({"A": 0.5, "B": 0.5})
    >>> fig = risk_contribution_figure(w, pd.Series({"A": 0.2, "B": 0.8}), title="R")
    >>> list(fig.data[1].x), fig.data[1].y.tolist()
    (['B', 'A'], [0.800000011920929, 0.20000000298023224])
    """
    order = contributions.sort_values(ascending=False, kind="stable").index
    labels = [plain_text(asset) for asset in order]
    fig = go.Figure()
    for name, values, color in (
        ("Weight", weights.reindex(order), _WEIGHT_COLOR),
        ("Risk contribution", contributions.reindex(order), _RISK_COLOR),
    ):
        fig.add_trace(
            go.Bar(
                x=labels,
                y=float32_values(values),
                name=name,
                marker={"color": color},
                hovertemplate="%{y:.2%}",
            )
        )
    fig.update_layout(
        LAYOUT,
        title={"text": plain_text(title)},
        barmode="group",
        xaxis={"type": "category"},
        yaxis={"title": {"text": "Share"}, "tickformat": ".0%"},
    )
    return fig


def correlation_figure(correlations: pd.DataFrame, *, title: str) -> go.Figure:
    """Heatmap of ``correlations`` (a square names x names matrix in [-1, 1]), names on both axes,
    the first name on top; cells carry their value when there are at most 30 names."""
    labels = [plain_text(name) for name in correlations.columns]
    count = len(labels)
    fig = go.Figure(
        go.Heatmap(
            z=float32_values(correlations),
            x=labels,
            y=[plain_text(name) for name in correlations.index],
            zmin=-1.0,
            zmax=1.0,
            colorscale="RdBu",
            reversescale=True,
            texttemplate="%{z:.2f}" if count <= _CELL_TEXT_MAX else None,
            hovertemplate="%{y} / %{x}: %{z:.2f}<extra></extra>",
            xgap=1,
            ygap=1,
        )
    )
    fig.update_layout(
        LAYOUT,
        title={"text": plain_text(title)},
        hovermode="closest",
        height=max(300, 26 * count + 160),
        xaxis={"type": "category", "showgrid": False, "tickangle": -45 if count > 8 else 0},
        yaxis={"type": "category", "autorange": "reversed", "showgrid": False},
    )
    return fig

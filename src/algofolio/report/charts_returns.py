"""Charts of returns by calendar period and of their distribution, from plain pandas objects.

* :func:`monthly_returns_figure` — a heatmap of one series' monthly returns (years x months);
* :func:`annual_returns_figure` — grouped bars of each series' calendar-year returns;
* :func:`distribution_figure` — a histogram of one series' returns with its VaR and CVaR drawn as
  labelled vertical lines (at minus the losses: ``-VaR`` is a return).

Returns are simple returns, shown as percentages.

>>> import pandas as pd
>>> table = pd.DataFrame([[0.01, -0.02] + [None] * 10], index=[2024], columns=range(1, 13))
>>> fig = monthly_returns_figure(table, title="Monthly")
>>> list(fig.data[0].x[:2]), list(fig.data[0].y)
(['Jan', 'Feb'], ['2024'])
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from algofolio.report.style import LAYOUT, float32_values, plain_text

__all__ = [
    "MONTH_LABELS",
    "annual_returns_figure",
    "distribution_figure",
    "histogram_edges",
    "monthly_returns_figure",
]

MONTH_LABELS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
"""x labels of the monthly heatmap, for the table's columns 1..12."""

_RETURNS_SCALE = "RdYlGn"  # red losses, green gains, yellow around zero
_VAR_COLOR = "#d64545"
_CVAR_COLOR = "#7b1e1e"
_MAX_BINS = 100


def monthly_returns_figure(table: pd.DataFrame, *, title: str) -> go.Figure:
    """Heatmap of ``table`` (years x months ``1..12``, monthly simple returns; NaN cells left blank),
    the earliest year on top, each cell labelled with its return. The colour scale is centred on 0.
    """
    table = table.reindex(columns=range(1, 13))
    years = [str(year) for year in table.index]
    fig = go.Figure(
        go.Heatmap(
            z=float32_values(table),
            x=list(MONTH_LABELS),
            y=years,
            zmid=0.0,
            colorscale=_RETURNS_SCALE,
            texttemplate="%{z:.1%}",
            hovertemplate="%{x} %{y}: %{z:.2%}<extra></extra>",
            colorbar={"tickformat": ".0%"},
            xgap=1,
            ygap=1,
        )
    )
    fig.update_layout(
        LAYOUT,
        title={"text": plain_text(title)},
        hovermode="closest",
        height=max(320, 24 * len(years) + 140),
        xaxis={"side": "top", "showgrid": False},
        yaxis={"type": "category", "autorange": "reversed", "showgrid": False},
    )
    return fig


def annual_returns_figure(table: pd.DataFrame, *, title: str = "Annual returns") -> go.Figure:
    """Grouped bars of ``table`` (years x series, calendar-year simple returns), a group per year.

    >>> t = pd.DataFrame({"A": [0.1, -0.05], "B": [0.2, 0.0]}, index=[2023, 2024])
    >>> fig = annual_returns_figure(t)
    >>> [bar.name for bar in fig.data], list(fig.data[0].x)
    (['A', 'B'], ['2023', '2024'])
    """
    years = [str(year) for year in table.index]
    fig = go.Figure()
    for i, name in enumerate(table.columns):
        fig.add_trace(
            go.Bar(
                x=years,
                y=float32_values(table.iloc[:, i]),
                name=plain_text(name),
                hovertemplate="%{y:.2%}",
            )
        )
    fig.update_layout(
        LAYOUT,
        title={"text": plain_text(title)},
        barmode="group",
        xaxis={"type": "category"},
        yaxis={"title": {"text": "Return"}, "tickformat": ".0%"},
    )
    return fig


def histogram_edges(returns: pd.Series) -> np.ndarray:
    """Bin edges of the distribution chart: ``sqrt(n)`` equal bins (10 to 100) over the range.

    >>> histogram_edges(pd.Series(np.linspace(-0.01, 0.01, 400))).round(3).tolist()[:3]
    [-0.01, -0.009, -0.008]
    """
    count = int(np.clip(round(np.sqrt(len(returns))), 10, _MAX_BINS))
    return np.histogram_bin_edges(returns.to_numpy(dtype=float), bins=count)


def distribution_figure(
    returns: pd.Series,
    *,
    value_at_risk: float,
    conditional_value_at_risk: float,
    confidence: float,
    title: str,
    color: str | None = None,
) -> go.Figure:
    """Histogram of ``returns`` (simple returns per period, NaN dropped) in :func:`histogram_edges`
    bins, with dashed vertical lines at ``-value_at_risk`` and ``-conditional_value_at_risk``
    (positive losses, as ``metrics.value_at_risk`` gives them) labelled with the level.

    >>> r = pd.Series(np.linspace(-0.05, 0.05, 101))
    >>> fig = distribution_figure(r, value_at_risk=0.045, conditional_value_at_risk=0.0475,
    ...                           confidence=0.95, title="S")
    >>> int(sum(fig.data[0].y)), [a.text for a in fig.layout.annotations]
    (101, ['VaR 95%: -4.50%', 'CVaR 95%: -4.75%'])
    """
    values = returns.dropna().to_numpy(dtype=float)
    edges = histogram_edges(returns.dropna())
    counts, _ = np.histogram(values, bins=edges)
    fig = go.Figure(
        go.Bar(
            x=float32_values((edges[:-1] + edges[1:]) / 2),
            y=counts,
            width=float32_values(np.diff(edges)),
            customdata=np.column_stack([edges[:-1], edges[1:]]),  # exact edges: tiny
            name="Returns",
            marker={"color": color, "line": {"width": 0}},
            opacity=0.85,
            hovertemplate="%{customdata[0]:.2%} to %{customdata[1]:.2%}: %{y} periods"
            "<extra></extra>",
        )
    )
    level = f"{confidence:.0%}"
    for label, loss, color_line, side in (
        (f"VaR {level}", value_at_risk, _VAR_COLOR, "top right"),
        (f"CVaR {level}", conditional_value_at_risk, _CVAR_COLOR, "top left"),
    ):
        fig.add_vline(
            x=-loss,
            line={"dash": "dash", "color": color_line, "width": 2},
            annotation={"text": f"{label}: {-loss:.2%}", "font": {"color": color_line}},
            annotation_position=side,
        )
    fig.update_layout(
        LAYOUT,
        title={"text": plain_text(title)},
        hovermode="closest",
        showlegend=False,
        bargap=0.0,
        xaxis={"title": {"text": "Return per period"}, "tickformat": ".1%"},
        yaxis={"title": {"text": "Periods"}},
    )
    return fig

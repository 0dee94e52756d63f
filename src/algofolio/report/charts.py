"""Line and area charts of a backtest over time, built from plain pandas objects (no computation
of results here).

* :func:`equity_figure` — value over time, one line per column, with a linear/log toggle;
* :func:`drawdown_figure` — the underwater chart, drawdowns (positive losses) drawn below zero;
* :func:`lines_figure` — plain lines (rolling volatility, Sharpe ratio, beta);
* :func:`weights_figure` — stacked weights per asset over time, sampled at month ends, plus cash;
* :func:`stacked_areas_figure` — stacked shares over time (risk contributions).

>>> import pandas as pd
>>> navs = pd.DataFrame({"A": [1.0, 1.1, 1.05]}, index=pd.bdate_range("2024-01-01", periods=3))
>>> fig = equity_figure(navs)
>>> [trace.name for trace in fig.data], fig.layout.updatemenus[0].buttons[1].label
(['A'], 'Linear')
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from algofolio.report.style import LAYOUT, asset_colors, day_dates, float32_values, plain_text

__all__ = [
    "CASH_LABEL",
    "asset_colors",
    "drawdown_figure",
    "equity_figure",
    "lines_figure",
    "month_end_weights",
    "period_end_rows",
    "plain_text",
    "stacked_areas_figure",
    "weights_figure",
]

CASH_LABEL = "Cash"
"""Legend name of the uninvested share ``1 - sum(weights)`` in the weights chart."""

_CASH_VISIBLE = 1e-6  # cash weights below this everywhere are not drawn
_CASH_COLOR = "#B0B0B0"


def _lines(values: pd.DataFrame, *, sign: float = 1.0, **trace: object) -> go.Figure:
    fig = go.Figure()
    for name in values.columns:
        column = values[name].dropna()
        fig.add_trace(
            go.Scatter(
                x=day_dates(column.index),
                y=float32_values(sign * column),
                mode="lines",
                name=plain_text(name),
                **trace,
            )
        )
    return fig


def equity_figure(values: pd.DataFrame, *, title: str = "Value over time") -> go.Figure:
    """Lines of ``values`` (dates x series, e.g. strategy NAVs and a rebased benchmark).

    The y axis starts in log scale, where equal growth rates look equal over decades; two buttons
    switch between log and linear.
    """
    fig = _lines(values)
    scale_buttons = [
        {"label": label, "method": "relayout", "args": [{"yaxis.type": scale}]}
        for label, scale in (("Log", "log"), ("Linear", "linear"))
    ]
    fig.update_layout(
        LAYOUT,
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
    fig = _lines(drawdowns, sign=-1.0, fill="tozeroy")
    fig.update_layout(
        LAYOUT,
        title={"text": plain_text(title)},
        yaxis={"title": {"text": "Below previous peak"}, "tickformat": ".0%"},
    )
    return fig


def lines_figure(
    values: pd.DataFrame,
    *,
    title: str,
    y_title: str,
    tickformat: str = "",
    reference: float | None = None,
) -> go.Figure:
    """One line per column of ``values`` (dates x series; NaN not drawn), with an optional dotted
    horizontal ``reference`` line (e.g. a beta of 1).

    >>> v = pd.DataFrame({"A": [None, 0.2]}, index=pd.bdate_range("2024-01-01", periods=2))
    >>> fig = lines_figure(v, title="Vol", y_title="Annual", tickformat=".0%")
    >>> fig.data[0].y.tolist(), fig.layout.yaxis.tickformat
    ([0.20000000298023224], '.0%')
    """
    fig = _lines(values)
    fig.update_layout(
        LAYOUT,
        title={"text": plain_text(title)},
        yaxis={"title": {"text": plain_text(y_title)}, "tickformat": tickformat},
    )
    if reference is not None:
        fig.add_hline(y=reference, line={"dash": "dot", "color": "#7b8794", "width": 1})
    return fig


def month_end_weights(weights: pd.DataFrame) -> pd.DataFrame:
    """The last weights of each calendar month (dates x assets), labelled by that last trading day.

    >>> w = pd.DataFrame({"A": [0.5, 0.6, 0.7]},
    ...                  index=pd.to_datetime(["2024-01-30", "2024-01-31", "2024-02-01"]))
    >>> month_end_weights(w)["A"].tolist()
    [0.6, 0.7]
    """
    return period_end_rows(weights, "M")


def period_end_rows(frame: pd.DataFrame, period: str) -> pd.DataFrame:
    """The last row of ``frame`` (dates x columns) in each calendar ``period`` (a pandas period
    alias: ``"M"``, ``"Q"``, ``"Y"``), labelled by that last date.

    >>> f = pd.DataFrame({"A": [1, 2, 3]}, index=pd.to_datetime(["2024-03-28", "2024-04-01", "2024-06-28"]))
    >>> period_end_rows(f, "Q")["A"].tolist()
    [1, 3]
    """
    if frame.empty:
        return frame
    index = pd.DatetimeIndex(frame.index)
    last = ~pd.Series(index.to_period(period), index=index).duplicated(keep="last")
    return frame.loc[last.to_numpy()]


def stacked_areas_figure(
    shares: pd.DataFrame,
    *,
    title: str,
    y_title: str,
    colors: Mapping[str, str] | None = None,
) -> go.Figure:
    """Stacked areas of ``shares`` (dates x names, fractions), one per column, in column order.

    >>> s = pd.DataFrame({"A": [0.5, 0.7], "B": [0.5, 0.3]},
    ...                  index=pd.to_datetime(["2024-01-31", "2024-02-29"]))
    >>> [t.stackgroup for t in stacked_areas_figure(s, title="T", y_title="Share").data]
    ['shares', 'shares']
    """
    fig = go.Figure()
    x = day_dates(shares.index)
    colors = colors or {}
    for i, name in enumerate(shares.columns):  # by position: a column may repeat ("Cash")
        fig.add_trace(
            go.Scatter(
                x=x,
                y=float32_values(shares.iloc[:, i]),
                mode="lines",
                stackgroup="shares",
                name=plain_text(name),
                line={"width": 0.5, "color": colors.get(str(name))},
            )
        )
    fig.update_layout(
        LAYOUT,
        title={"text": plain_text(title)},
        yaxis={"title": {"text": plain_text(y_title)}, "tickformat": ".0%"},
    )
    return fig


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
    held.columns = [str(c) for c in held.columns]
    colors = dict(colors or asset_colors(held.columns))
    cash = 1.0 - sampled.sum(axis=1)
    if bool((cash.abs() > _CASH_VISIBLE).any()):
        held = pd.concat([held, cash.rename(CASH_LABEL)], axis=1)
        colors.setdefault(CASH_LABEL, _CASH_COLOR)
    return stacked_areas_figure(held, title=title, y_title="Weight", colors=colors)

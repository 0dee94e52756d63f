"""The efficient frontier as a chart and as a self-contained offline HTML page.

* :func:`frontier_figure` — the frontier line, a cloud of random portfolios coloured by Sharpe
  ratio, the min-volatility and max-Sharpe portfolios as stars, the single assets as labelled dots;
* :func:`write_frontier_report` — that chart and the weights of both starred portfolios in one HTML
  file (plotly.js inlined, Jinja2 autoescape, written atomically), like the backtest report.

Inputs are plain frames and anything shaped like an optimisation result (:class:`PortfolioLike`;
``optimize.OptimizationResult`` fits): the report computes nothing. Volatilities and returns are
annual fractions.

>>> import pandas as pd
>>> points = pd.DataFrame({"expected_return": [0.05, 0.08], "volatility": [0.10, 0.14],
...                        "sharpe": [0.5, 0.57]})
>>> fig = frontier_figure(points, None, (0.10, 0.05), (0.14, 0.08), None)
>>> [trace.name for trace in fig.data]
['Efficient frontier', 'Min volatility', 'Max Sharpe']
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import jinja2
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from markupsafe import Markup

import algofolio
from algofolio.report.atomic import write_text_atomic
from algofolio.report.charts import plain_text
from algofolio.report.formatting import format_weight
from algofolio.report.html import _plotly_js, _spec

__all__ = [
    "FRONTIER_FILES",
    "PortfolioLike",
    "frontier_figure",
    "frontier_table",
    "render_frontier_report",
    "write_frontier_files",
    "write_frontier_report",
]

FRONTIER_FILES = ("frontier.html", "frontier.csv")
"""The names :func:`write_frontier_files` writes, in order."""

_WEIGHT_SHOWN = 1e-6  # weights below this (in absolute value) are left out of the tables
_LAYOUT: dict[str, Any] = {
    "template": "plotly_white",
    "hovermode": "closest",
    "margin": {"l": 60, "r": 20, "t": 60, "b": 40},
    "legend": {"orientation": "h", "y": -0.15},
    "height": 560,
}


class PortfolioLike(Protocol):
    """One portfolio: weights (asset-indexed), its annual figures and the annual risk-free rate of
    its Sharpe ratio (``optimize.OptimizationResult`` fits)."""

    @property
    def weights(self) -> pd.Series: ...
    @property
    def expected_return(self) -> float: ...
    @property
    def volatility(self) -> float: ...
    @property
    def sharpe(self) -> float: ...
    @property
    def risk_free_rate(self) -> float: ...


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
    for name, (vol, ret), color in (
        ("Min volatility", min_volatility, "#2E91E5"),
        ("Max Sharpe", max_sharpe, "#E15F99"),
    ):
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


def render_frontier_report(
    *,
    points: pd.DataFrame,
    min_volatility: PortfolioLike,
    max_sharpe: PortfolioLike,
    cloud: pd.DataFrame | None = None,
    assets: pd.DataFrame | None = None,
    title: str = "Efficient frontier",
    notes: Mapping[str, str] | None = None,
) -> str:
    """The frontier page as one HTML string; ``notes`` are shown as label/value lines (data,
    estimator, risk-free rate, ...)."""
    figure = frontier_figure(
        points,
        cloud,
        (min_volatility.volatility, min_volatility.expected_return),
        (max_sharpe.volatility, max_sharpe.expected_return),
        assets,
        title=title,
    )
    portfolios = [
        _portfolio_view("Min volatility", min_volatility),
        _portfolio_view("Max Sharpe", max_sharpe),
    ]
    return _template().render(
        title=title,
        version=algofolio.__version__,
        notes=[{"label": k, "value": v} for k, v in (notes or {}).items()],
        figure=_spec(figure),
        portfolios=portfolios,
        points=len(points),
        cloud=0 if cloud is None else len(cloud),
        plotly_js=Markup(_plotly_js()),
    )


def write_frontier_report(
    path: str | Path,
    *,
    points: pd.DataFrame,
    min_volatility: PortfolioLike,
    max_sharpe: PortfolioLike,
    cloud: pd.DataFrame | None = None,
    assets: pd.DataFrame | None = None,
    title: str = "Efficient frontier",
    notes: Mapping[str, str] | None = None,
) -> Path:
    """Render the frontier page (see :func:`render_frontier_report`) and write it atomically to
    ``path`` (parent folders created); returns the path."""
    html = render_frontier_report(
        points=points,
        min_volatility=min_volatility,
        max_sharpe=max_sharpe,
        cloud=cloud,
        assets=assets,
        title=title,
        notes=notes,
    )
    return write_text_atomic(Path(path), html)


def _portfolio_view(name: str, portfolio: PortfolioLike) -> dict[str, object]:
    weights = portfolio.weights.astype(float)
    shown = weights[weights.abs() > _WEIGHT_SHOWN].sort_values(ascending=False, kind="stable")
    return {
        "name": name,
        "expected_return": format_weight(portfolio.expected_return),
        "volatility": format_weight(portfolio.volatility),
        "sharpe": f"{portfolio.sharpe:.2f}",
        "risk_free": format_weight(portfolio.risk_free_rate),
        "weights": [{"asset": str(a), "weight": format_weight(w)} for a, w in shown.items()],
        "hidden": int(len(weights) - len(shown)),
    }


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("algofolio.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("frontier.html.j2")


def frontier_table(points: pd.DataFrame, weights: pd.DataFrame) -> pd.DataFrame:
    """The frontier's points (``expected_return, volatility, sharpe``) and, on the same rows, each
    asset's weight; a weight column whose asset is named like a figure column gets `` (weight)``.

    >>> points = pd.DataFrame({"expected_return": [0.1], "volatility": [0.2], "sharpe": [0.5]})
    >>> list(frontier_table(points, pd.DataFrame({"A": [1.0], "sharpe": [0.0]})).columns)
    ['expected_return', 'volatility', 'sharpe', 'A', 'sharpe (weight)']
    """
    renamed = weights.rename(
        columns={c: f"{c} (weight)" for c in weights.columns if c in points.columns}
    )
    table = pd.concat([points, renamed.set_axis(points.index)], axis=1)
    return table


def write_frontier_files(
    folder: str | Path,
    *,
    points: pd.DataFrame,
    weights: pd.DataFrame,
    min_volatility: PortfolioLike,
    max_sharpe: PortfolioLike,
    cloud: pd.DataFrame | None = None,
    assets: pd.DataFrame | None = None,
    title: str = "Efficient frontier",
    notes: Mapping[str, str] | None = None,
) -> dict[str, Path]:
    """Write ``frontier.html`` (:func:`render_frontier_report`) and ``frontier.csv``
    (:func:`frontier_table`) into ``folder``; both are rendered before either is written, each
    atomically. Returns ``{"report": ..., "points": ...}``."""
    folder = Path(folder)
    html = render_frontier_report(
        points=points,
        min_volatility=min_volatility,
        max_sharpe=max_sharpe,
        cloud=cloud,
        assets=assets,
        title=title,
        notes=notes,
    )
    csv = frontier_table(points, weights).to_csv()
    report, table = FRONTIER_FILES
    return {
        "report": write_text_atomic(folder / report, html),
        "points": write_text_atomic(folder / table, csv),
    }

"""The efficient frontier as a self-contained offline HTML page, its CSV table and PNG charts.

* :func:`frontier_figures` — the charts of :mod:`algofolio.report.charts_frontier` as
  :class:`NamedFigure` objects, in page order;
* :func:`write_frontier_report` — the charts and the weights of both starred portfolios in one HTML
  file (plotly.js inlined, Jinja2 autoescape, written atomically), like the backtest report.

Inputs are plain frames and anything shaped like an optimisation result (:class:`PortfolioLike`;
``optimize.OptimizationResult`` fits): the report computes nothing. Volatilities and returns are
annual fractions.

>>> import types
>>> points = pd.DataFrame({"expected_return": [0.05, 0.08], "volatility": [0.10, 0.14],
...                        "sharpe": [0.5, 0.57]})
>>> weights = pd.DataFrame({"A": [1.0, 0.2], "B": [0.0, 0.8]})
>>> least, best = (types.SimpleNamespace(weights=weights.iloc[i], volatility=v, expected_return=r)
...                for i, v, r in ((0, 0.10, 0.05), (1, 0.14, 0.08)))
>>> [f.id for f in frontier_figures(points=points, min_volatility=least, max_sharpe=best,
...                                 weights=weights)]
['frontier', 'starred-weights', 'frontier-weights']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Protocol

import pandas as pd

import algofolio
from algofolio.report.atomic import write_text_atomic
from algofolio.report.charts_frontier import (
    frontier_figure,
    frontier_weights_figure,
    starred_weights_figure,
)
from algofolio.report.figure import NamedFigure
from algofolio.report.formatting import format_weight
from algofolio.report.page import figure_views, render_page

__all__ = [
    "FRONTIER_FILES",
    "PortfolioLike",
    "frontier_figure",
    "frontier_figures",
    "frontier_table",
    "frontier_weights_figure",
    "render_frontier_report",
    "starred_weights_figure",
    "write_frontier_files",
    "write_frontier_report",
]

FRONTIER_FILES = ("frontier.html", "frontier.csv")
"""The names :func:`write_frontier_files` writes, in order."""

_WEIGHT_SHOWN = 1e-6  # weights below this (in absolute value) are left out of the tables


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


def frontier_figures(
    *,
    points: pd.DataFrame,
    min_volatility: PortfolioLike,
    max_sharpe: PortfolioLike,
    cloud: pd.DataFrame | None = None,
    assets: pd.DataFrame | None = None,
    weights: pd.DataFrame | None = None,
    title: str = "Efficient frontier",
) -> list[NamedFigure]:
    """The frontier page's charts, in order: ``frontier`` (:func:`frontier_figure`),
    ``starred-weights`` (:func:`starred_weights_figure`) and, with the frontier's ``weights``
    (points x assets), ``frontier-weights`` (:func:`frontier_weights_figure`)."""
    figures = [
        NamedFigure(
            "frontier",
            "Efficient frontier",
            frontier_figure(
                points,
                cloud,
                (min_volatility.volatility, min_volatility.expected_return),
                (max_sharpe.volatility, max_sharpe.expected_return),
                assets,
                title=title,
            ),
        ),
        NamedFigure(
            "starred-weights",
            "Weights of the starred portfolios",
            starred_weights_figure(
                {"Min volatility": min_volatility.weights, "Max Sharpe": max_sharpe.weights}
            ),
        ),
    ]
    if weights is not None and weights.shape[1] and len(weights):
        figures.append(
            NamedFigure(
                "frontier-weights",
                "Weights along the frontier",
                frontier_weights_figure(points, weights),
            )
        )
    return figures


def render_frontier_report(
    *,
    points: pd.DataFrame,
    min_volatility: PortfolioLike,
    max_sharpe: PortfolioLike,
    cloud: pd.DataFrame | None = None,
    assets: pd.DataFrame | None = None,
    weights: pd.DataFrame | None = None,
    title: str = "Efficient frontier",
    notes: Mapping[str, str] | None = None,
) -> str:
    """The frontier page as one HTML string: :func:`frontier_figures` and the starred portfolios'
    weight tables; ``notes`` are shown as label/value lines (data, estimator, risk-free rate, ...).
    """
    figures = frontier_figures(
        points=points,
        min_volatility=min_volatility,
        max_sharpe=max_sharpe,
        cloud=cloud,
        assets=assets,
        weights=weights,
        title=title,
    )
    return _render(
        figures,
        min_volatility=min_volatility,
        max_sharpe=max_sharpe,
        points=len(points),
        cloud=0 if cloud is None else len(cloud),
        title=title,
        notes=notes,
    )


def _render(
    figures: Sequence[NamedFigure],
    *,
    min_volatility: PortfolioLike,
    max_sharpe: PortfolioLike,
    points: int,
    cloud: int,
    title: str,
    notes: Mapping[str, str] | None,
) -> str:
    portfolios = [
        _portfolio_view("Min volatility", min_volatility),
        _portfolio_view("Max Sharpe", max_sharpe),
    ]
    return render_page(
        "frontier.html.j2",
        title=title,
        version=algofolio.__version__,
        notes=[{"label": k, "value": v} for k, v in (notes or {}).items()],
        figures=figure_views(figures),
        portfolios=portfolios,
        points=points,
        cloud=cloud,
    )


def write_frontier_report(
    path: str | Path,
    *,
    points: pd.DataFrame,
    min_volatility: PortfolioLike,
    max_sharpe: PortfolioLike,
    cloud: pd.DataFrame | None = None,
    assets: pd.DataFrame | None = None,
    weights: pd.DataFrame | None = None,
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
        weights=weights,
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
    png: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, Path]:
    """Write ``frontier.html`` (:func:`render_frontier_report`, with the weights along the
    frontier) and ``frontier.csv`` (:func:`frontier_table`) into ``folder``; both are rendered
    before either is written, each atomically. With ``png``, each chart of
    :func:`frontier_figures` is also written as ``png/<id>.png`` (``report.png.write_pngs``; needs
    Chrome or Chromium), reported to ``progress(description, done, total)`` when given. Returns
    ``{"report": ..., "points": ...}`` and ``"png:<id>"`` per PNG."""
    folder = Path(folder)
    figures = frontier_figures(
        points=points,
        min_volatility=min_volatility,
        max_sharpe=max_sharpe,
        cloud=cloud,
        assets=assets,
        weights=weights,
        title=title,
    )
    html = _render(
        figures,
        min_volatility=min_volatility,
        max_sharpe=max_sharpe,
        points=len(points),
        cloud=0 if cloud is None else len(cloud),
        title=title,
        notes=notes,
    )
    csv = frontier_table(points, weights).to_csv()
    report, table = FRONTIER_FILES
    files = {
        "report": write_text_atomic(folder / report, html),
        "points": write_text_atomic(folder / table, csv),
    }
    if png:
        from algofolio.report.png import png_progress, write_pngs  # kaleido, a browser: if asked

        written = write_pngs(figures, folder / "png", progress=png_progress(progress))
        files.update({f"png:{key}": path for key, path in written.items()})
    return files

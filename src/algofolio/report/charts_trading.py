"""The cost of trading a strategy, per calendar year: one-way turnover and costs paid.

>>> import pandas as pd
>>> turnover = pd.DataFrame({"S": [0.4, 0.3]}, index=[2023, 2024])
>>> fig = trading_figure(turnover, turnover * 1000)
>>> [(t.name, t.yaxis) for t in fig.data]
[('S', 'y'), ('S', 'y2')]
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from algofolio.report.style import LAYOUT, float32_values, plain_text, series_colors

__all__ = ["trading_figure"]


def trading_figure(
    turnover: pd.DataFrame, costs: pd.DataFrame, *, title: str = "Turnover and costs per year"
) -> go.Figure:
    """Two panels of grouped bars sharing the year axis: ``turnover`` (years x strategies, the sum
    of the rebalances' one-way turnover, fractions of value) above ``costs`` (years x strategies,
    in currency). A strategy keeps its colour in both panels; one legend entry toggles both."""
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.12,
        subplot_titles=("One-way turnover", "Costs paid"),
    )
    colors = series_colors(str(c) for c in turnover.columns)
    for row, table, hover in ((1, turnover, "%{y:.1%}"), (2, costs, "%{y:,.2f}")):
        years = [str(year) for year in table.index]
        for i, name in enumerate(table.columns):
            fig.add_trace(
                go.Bar(
                    x=years,
                    y=float32_values(table.iloc[:, i]),
                    name=plain_text(name),
                    legendgroup=f"strategy-{i}",
                    showlegend=row == 1,
                    marker={"color": colors.get(str(name))},
                    hovertemplate=hover,
                ),
                row=row,
                col=1,
            )
    fig.update_layout(
        LAYOUT,
        title={"text": plain_text(title)},
        barmode="group",
        height=560,
        xaxis={"type": "category"},
        xaxis2={"type": "category"},
        yaxis={"title": {"text": "Turnover"}, "tickformat": ".0%"},
        yaxis2={"title": {"text": "Costs"}, "tickformat": ",.0f"},
    )
    return fig

"""What every HTML page of the report shares: plotly.js inlined once, figure specs that are safe
inside a ``<script>`` element, and the Jinja2 environment (autoescape on) of the templates.

plotly.js (4.8 MB) is inlined gzip-compressed and base64-encoded (2.0 MB): the page inflates it with
the browser's ``DecompressionStream`` (Chrome 80, Firefox 113, Safari 16.4 and later), runs it, then
draws the figures; an older browser shows a message instead of blank charts. Base64 has no ``<``, so
the inlined library cannot close its script element.

Each figure is a ``<div class="figure" id="ID">`` drawn from a
``<script type="application/json" data-figure="ID">`` spec by one small script
(``templates/_draw.html.j2``); ``<``, ``>`` and ``&`` in the JSON are written as ``\\u003c``... so no
text can close the script.

>>> import plotly.graph_objects as go
>>> spec = figure_spec(go.Figure(go.Scatter(name="<b>&</b>")))
>>> [c in spec for c in "<>&"], "\\\\u003cb\\\\u003e\\\\u0026" in spec
([False, False, False], True)
"""

from __future__ import annotations

import base64
import gzip
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2
import plotly.graph_objects as go
import plotly.offline
from markupsafe import Markup

from algofolio.report.figure import NamedFigure

__all__ = ["FigureView", "figure_spec", "figure_views", "plotly_js", "render_page"]

_JSON_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


@dataclass(frozen=True, slots=True)
class FigureView:
    """A figure as the templates see it: its id, heading and safe JSON spec."""

    id: str
    heading: str
    spec: Markup


def figure_spec(fig: go.Figure) -> Markup:
    """Figure JSON that is safe inside a ``<script>`` element (no ``</``, no ``<!--``)."""
    return Markup(fig.to_json().translate(_JSON_ESCAPES))


def figure_views(figures: Sequence[NamedFigure]) -> list[FigureView]:
    """The templates' view of ``figures``, in order."""
    return [FigureView(f.id, f.heading, figure_spec(f.figure)) for f in figures]


@cache
def plotly_js() -> Markup:
    """plotly.js, gzip-compressed (deterministic: no timestamp) and base64-encoded, to inline.

    >>> source = gzip.decompress(base64.b64decode(str(plotly_js()))).decode()
    >>> source == plotly.offline.get_plotlyjs()
    True
    """
    source = str(plotly.offline.get_plotlyjs()).encode("utf-8")
    packed = gzip.compress(source, compresslevel=9, mtime=0)
    return Markup(base64.b64encode(packed).decode("ascii"))


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("algofolio.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_page(template: str, **context: Any) -> str:
    """Render the template file ``template`` (autoescaped) with ``context`` and plotly.js."""
    return _environment().get_template(template).render(plotly_js=plotly_js(), **context)

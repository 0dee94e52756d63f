"""A chart with its name: the unit the HTML pages lay out and the PNG export writes.

``id`` is the chart's HTML element id and its PNG file stem (``png/<id>.png``), so it is limited
to letters, digits, ``-`` and ``_``; ``heading`` is plain text shown above the chart.

>>> import plotly.graph_objects as go
>>> NamedFigure("equity", "Value over time", go.Figure()).id
'equity'
>>> NamedFigure("../x", "Bad", go.Figure())
Traceback (most recent call last):
...
algofolio.core.errors.ConfigError: NamedFigure.id: use letters, digits, '-' and '_' only, got '../x'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import plotly.graph_objects as go

from algofolio.core.errors import ConfigError

__all__ = ["NamedFigure"]

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


@dataclass(frozen=True, slots=True)
class NamedFigure:
    """A plotly figure, its id (HTML id and PNG file stem) and its heading (plain text)."""

    id: str
    heading: str
    figure: go.Figure

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or _ID.fullmatch(self.id) is None:
            raise ConfigError(
                f"NamedFigure.id: use letters, digits, '-' and '_' only, got {self.id!r}",
                key="NamedFigure.id",
            )

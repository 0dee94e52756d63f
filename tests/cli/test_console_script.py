"""The installed ``algofolio`` console script, run for real: the demo end to end, and -m."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.workflows._demo import demo_comparison

TIMEOUT = 120  # seconds; the demo takes a few on an idle machine


def _script() -> Path:
    beside_python = Path(sys.executable).parent / "algofolio"
    if beside_python.is_file():
        return beside_python
    found = shutil.which("algofolio")
    if found is None:
        reason = "the algofolio console script is not installed (pip install -e .)"
        if os.environ.get("CI"):  # CI installs the package: a missing script is a failure there
            pytest.fail(reason)
        pytest.skip(reason)
    return Path(found)


class _FigureDivs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "div" and attributes.get("class") == "figure":
            self.ids.append(str(attributes.get("id")))


def test_demo_json_from_the_console_script(tmp_path: Path) -> None:
    out = tmp_path / "tmp"
    completed = subprocess.run(
        [str(_script()), "demo", "--json", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=tmp_path,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    payload = json.loads(completed.stdout)  # stdout is JSON and nothing else
    demo = demo_comparison()
    got = pd.DataFrame(payload["summary"]).astype(float)  # null -> NaN
    assert list(got.columns) == list(demo.summary.columns)
    np.testing.assert_allclose(got.loc[demo.summary.index], demo.summary, rtol=1e-12)
    report = out / "report.html"
    assert payload["files"]["report"] == str(report)
    parser = _FigureDivs()
    parser.feed(report.read_text(encoding="utf-8"))
    assert parser.ids[:2] == ["equity", "drawdown"]  # the report's own tests check the rest
    assert {"weights-0", "weights-1"} <= set(parser.ids)
    assert len(parser.ids) == len(set(parser.ids))
    assert sorted(p.name for p in out.iterdir()) == [
        "nav.csv",
        "report.html",
        "summary.csv",
        "trades.csv",
    ]


def test_python_dash_m(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "algofolio", "metrics", "dataset:nasdaq"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=tmp_path,
        check=False,
    )
    assert completed.returncode == 1
    assert completed.stdout == ""
    assert completed.stderr.splitlines() == [
        "error: unknown dataset 'nasdaq'; available: 'sp500', 'sp500_index', 'factors', 'riskfolio'"
    ]

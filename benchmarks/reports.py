"""Report benchmarks: algofolio's HTML report, PNG charts and CLI against quantstats on the demo.

Run with ``.venv/bin/python benchmarks/reports.py`` (quantstats comes with the test extra; the PNG
case needs Chrome or Chromium for kaleido). ``--only TEXT`` keeps the cases whose name contains
TEXT; ``--repeat N`` sets the timed runs (the CLI case uses at least 5).

Each contender runs in a fresh subprocess (its own peak resident memory). The inputs are built once
by this script before any clock: ``algofolio.workflows.run_demo()`` (the bundled 20 S&P 500 stocks,
1990-2022, two strategies rebalanced monthly with 10 bps costs, the SP500 index as benchmark,
8,061 days) is pickled for algofolio's contenders, and the same daily simple returns (each
strategy's ``result.returns`` and the rebased benchmark's ``pct_change``, 8,060 days) as plain
pandas objects for quantstats, so that a quantstats child never imports algofolio. Libraries are
imported and the data loaded before the clock; one warm-up run (imports, caches, matplotlib's font
cache) is followed by the median of ``--repeat`` timed runs. ``ratio`` is the contender's time over
the case's reference row: > 1 means the reference is faster. ``peak MiB`` is the contender
process's own peak RSS (for d. the CLI process's); Chromium's is given apart in the check column.
The ``check`` column is computed here from the files each contender wrote.

**Cases**

a. HTML tearsheet of one strategy ("Strategic 60/30/10") against the SP500 index. algofolio (the
   reference): the metrics table recomputed as ``run_config`` does (``metrics.summary`` of the
   strategy relative to the benchmark, plus the benchmark's own column), then
   ``report.write_html_report`` (the HTML file alone: 13 charts, metrics table, rebalance log);
   a second row times ``report.write_comparison_files`` (the HTML plus summary, NAV and trades
   CSVs). quantstats: ``quantstats.reports.html(returns, benchmark=..., output=path, title=...,
   strategy_title=..., benchmark_title="SP500")`` (defaults otherwise: ``figfmt="svg"``,
   ``rf=0``, compounded; its ``download_filename`` only matters without ``output``), which
   computes its metrics and draws its 13-14 matplotlib figures as inline SVG.
   check: file sizes (for algofolio, how much is the inlined plotly.js), charts per page
   (algofolio: ``data-figure=`` specs, each drawn by plotly in the browser; quantstats: ``<svg``
   and ``<img`` elements), and CAGR, Sharpe, annualised volatility and max drawdown parsed from
   each page's metrics table (quantstats' own numbers against algofolio's, both as displayed).
b. The same for the two-strategy demo: algofolio's one page with both strategies; quantstats once
   per strategy (two files; the timed run makes both, so the time is the sum); and quantstats once
   with a two-column DataFrame of returns (0.0.86 accepts it and puts both in one page).
c. Static pictures of the one-strategy comparison. algofolio: ``report.backtest_figures`` then
   ``report.png.write_pngs`` (kaleido, one Chromium session; 1100 CSS px wide at scale 2, so 2200
   px images): the 8 charts that have a quantstats counterpart (the reference row: equity with a
   log toggle, drawdown, rolling volatility, Sharpe and beta, return distribution with VaR/CVaR,
   monthly heatmap, annual returns), all 13, and one chart alone (which measures the browser
   start). quantstats: its per-plot functions with ``savefig=path, show=False`` for the 10 plots
   covering the same ground (``returns``, ``log_returns``, ``drawdown``, ``rolling_volatility``,
   ``rolling_sharpe``, ``rolling_beta``, ``monthly_heatmap``, ``yearly_returns``, ``histogram``,
   ``distribution``), matplotlib's Agg backend, default figure sizes and dpi (1000 px wide).
   check: PNG count, all valid (signature and a full decode by Pillow), width, total size; per
   chart times (quantstats: each plot timed; algofolio: the marginal chart, from the 13-, 8- and
   1-chart rows, printed under the table); Chromium's peak RSS.
d. CLI latency, no peer: ``algofolio --help`` and ``algofolio data list --json`` wall time
   (a subprocess each, median of at least 5), against a bare ``python -c pass``; then where the
   time goes: ``python -X importtime`` self time grouped by top-level package.

**Where the peers differ**

* algofolio's page is interactive: plotly.js (4.8 MB) is inlined once, gzipped and base64-encoded
  to about 2 MB (compressed once per process and cached, so the warm-up takes that cost out of
  the timed runs), and the charts are drawn in the browser from JSON specs; quantstats' page
  holds static SVG drawn in Python. Page sizes and times are therefore not like for like:
  algofolio's work ends when the JSON is written, the drawing happens when the page opens.
* quantstats' Sharpe and volatility use the sample standard deviation (``ddof=1``) with ``rf=0``
  as algofolio's do; its max drawdown is negative where algofolio reports a positive magnitude
  (compared as magnitudes); it counts drawdown length in calendar days (algofolio: trading days)
  and its information ratio is not annualised, so those rows are not compared.
* quantstats builds ten separate PNGs from returns alone; algofolio's charts also need the
  backtest's weights and trades (which quantstats has no view of) and pay a browser start.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import html
import io
import json
import logging
import os
import pickle
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STRATEGY = "Strategic 60/30/10"
"""The strategy of the one-strategy cases (a. and c.)."""
BENCHMARK = "SP500"
COMPARABLE_FIGURES = (
    "equity",
    "drawdown",
    "rolling-volatility",
    "rolling-sharpe",
    "rolling-beta",
    "distribution-0",
    "monthly-returns-0",
    "annual-returns",
)
"""algofolio's charts (ids) that have a quantstats counterpart."""
QUANTSTATS_PLOTS = (
    "returns",
    "log_returns",
    "drawdown",
    "rolling_volatility",
    "rolling_sharpe",
    "rolling_beta",
    "monthly_heatmap",
    "yearly_returns",
    "histogram",
    "distribution",
)
"""quantstats' plots covering the same ground; those taking a benchmark get it."""
NO_BENCHMARK_PLOTS = {"drawdown", "distribution"}
CLI_REPEAT = 5
METRICS = (
    # (shown as, algofolio's label, quantstats' label)
    ("CAGR", "CAGR", "CAGR﹪"),
    ("Sharpe", "Sharpe ratio", "Sharpe"),
    ("vol", "Annualized volatility", "Volatility (ann.)"),
    ("max DD", "Max drawdown", "Max Drawdown"),
)

Outcome = dict[str, Any]
"""What a run returns: ``files`` (paths written), and for some cases ``chart_seconds`` (per
chart) or ``stdout`` (the CLI's output)."""


# ---------------------------------------------------------------- inputs (built before any clock)
def build_inputs(folder: Path) -> dict[str, str]:
    """Run the demo once; pickle it (for algofolio) and its daily returns (for quantstats)."""
    import pandas as pd

    from algofolio.workflows import run_demo

    comparison = run_demo()
    returns = pd.concat({r.name: r.returns for r in comparison.results}, axis=1)
    assert comparison.benchmark is not None
    benchmark = comparison.benchmark.pct_change().iloc[1:].rename(BENCHMARK)
    assert returns.index.equals(benchmark.index)
    paths = {"comparison": str(folder / "demo.pkl"), "returns": str(folder / "returns.pkl")}
    Path(paths["comparison"]).write_bytes(pickle.dumps(comparison))
    Path(paths["returns"]).write_bytes(pickle.dumps((returns, benchmark)))
    return paths


def _comparison(inputs: dict[str, str], strategies: int) -> Any:
    """The demo comparison, cut to its first strategy when ``strategies`` is 1."""
    import dataclasses

    comparison = pickle.loads(Path(inputs["comparison"]).read_bytes())
    if strategies == 2:
        return comparison
    result = next(r for r in comparison.results if r.name == STRATEGY)
    trading = None if comparison.trading is None else comparison.trading.loc[[STRATEGY]]
    return dataclasses.replace(
        comparison,
        results=[result],
        summary=comparison.summary[[STRATEGY, BENCHMARK]],
        trading=trading,
        title=f"{STRATEGY} vs {BENCHMARK}",
    )


def _returns(inputs: dict[str, str]) -> tuple[Any, Any]:
    returns, benchmark = pickle.loads(Path(inputs["returns"]).read_bytes())
    return returns, benchmark


def _with_fresh_summary(comparison: Any) -> Any:
    """``comparison`` with its metrics table recomputed as ``run_config`` does (inside the clock:
    quantstats computes its metrics inside ``reports.html``)."""
    import dataclasses

    import pandas as pd

    from algofolio.metrics import summary
    from algofolio.workflows.comparison import with_benchmark_column

    returns = pd.concat({r.name: r.returns for r in comparison.results}, axis=1)
    benchmark = comparison.benchmark.pct_change().iloc[1:]
    table = with_benchmark_column(summary(returns, benchmark=benchmark), summary(benchmark))
    return dataclasses.replace(comparison, summary=table)


@contextlib.contextmanager
def _quiet() -> Any:
    """Silence quantstats' prints and matplotlib's font warnings."""
    logging.disable(logging.WARNING)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        yield


def _import_quantstats() -> Any:
    os.environ.setdefault("MPLBACKEND", "Agg")
    import matplotlib

    matplotlib.use("Agg")
    with _quiet():
        import quantstats as qs
    return qs


# ---------------------------------------------------------------- a. and b. HTML
def html_ours(strategies: int, *, all_files: bool = False) -> Callable[..., Callable[[], Outcome]]:
    def factory(inputs: dict[str, str], out: Path) -> Callable[[], Outcome]:
        from algofolio.report import write_comparison_files, write_html_report

        comparison = _comparison(inputs, strategies)

        def run() -> Outcome:
            fresh = _with_fresh_summary(comparison)
            if all_files:
                files = write_comparison_files(fresh, out)
                return {"files": [str(files["report"])], "others": len(files) - 1}
            return {"files": [str(write_html_report(fresh, out / "report.html"))]}

        return run

    return factory


def html_quantstats(strategies: int, *, one_call: bool = False) -> Callable[..., Any]:
    def factory(inputs: dict[str, str], out: Path) -> Callable[[], Outcome]:
        qs = _import_quantstats()
        returns, benchmark = _returns(inputs)
        names = [STRATEGY] if strategies == 1 else list(returns.columns)
        out.mkdir(parents=True, exist_ok=True)

        def run() -> Outcome:
            files = []
            with _quiet():
                if one_call:
                    path = str(out / "both.html")
                    qs.reports.html(
                        returns[names],
                        benchmark=benchmark,
                        output=path,
                        title="demo",
                        benchmark_title=BENCHMARK,
                    )
                    files.append(path)
                else:
                    for k, name in enumerate(names):
                        path = str(out / f"strategy-{k}.html")
                        qs.reports.html(
                            returns[name],
                            benchmark=benchmark,
                            output=path,
                            title=name,
                            strategy_title=name,
                            benchmark_title=BENCHMARK,
                        )
                        files.append(path)
            return {"files": files}

        return run

    return factory


# ---------------------------------------------------------------- c. PNG
def png_ours(selection: str) -> Callable[..., Callable[[], Outcome]]:
    """``selection``: ``"all"``, ``"comparable"`` or ``"one"`` (the first chart)."""

    def factory(inputs: dict[str, str], out: Path) -> Callable[[], Outcome]:
        from algofolio.report import backtest_figures
        from algofolio.report.png import write_pngs

        comparison = _comparison(inputs, 1)

        def run() -> Outcome:
            figures = backtest_figures(comparison)
            if selection == "comparable":
                figures = [f for f in figures if f.id in COMPARABLE_FIGURES]
                assert len(figures) == len(COMPARABLE_FIGURES)
            elif selection == "one":
                figures = figures[:1]
            written = write_pngs(figures, out)
            return {"files": [str(p) for p in written.values()]}

        return run

    return factory


def png_quantstats(inputs: dict[str, str], out: Path) -> Callable[[], Outcome]:
    qs = _import_quantstats()
    import matplotlib.pyplot as plt

    returns, benchmark = _returns(inputs)
    strategy = returns[STRATEGY]
    out.mkdir(parents=True, exist_ok=True)

    def run() -> Outcome:
        files, seconds = [], {}
        with _quiet():
            for name in QUANTSTATS_PLOTS:
                path = str(out / f"{name}.png")
                args = (strategy,) if name in NO_BENCHMARK_PLOTS else (strategy, benchmark)
                started = time.perf_counter()
                getattr(qs.plots, name)(*args, savefig=path, show=False)
                seconds[name] = time.perf_counter() - started
                files.append(path)
        plt.close("all")
        return {"files": files, "chart_seconds": seconds}

    return run


# ---------------------------------------------------------------- d. CLI
def _algofolio_bin() -> str:
    return str(Path(sys.executable).parent / "algofolio")


CLI_COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "algofolio --help": [_algofolio_bin(), "--help"],
    "algofolio data list --json": [_algofolio_bin(), "data", "list", "--json"],
}


def cli(label: str) -> Callable[..., Callable[[], Outcome]]:
    def factory(inputs: dict[str, str], out: Path) -> Callable[[], Outcome]:
        def run() -> Outcome:
            done = subprocess.run(CLI_COMMANDS[label], capture_output=True, text=True, check=True)
            return {"files": [], "stdout": done.stdout}

        return run

    return factory


# ---------------------------------------------------------------- the cases
@dataclass(frozen=True)
class Case:
    name: str
    reference: str
    contenders: dict[str, Callable[[dict[str, str], Path], Callable[[], Outcome]]]
    """A factory (data and imports, untimed) returning the timed run."""
    kind: str
    """``"html"``, ``"png"`` or ``"cli"``: how the check column reads the outcome."""
    min_repeat: int = 1


CASES: list[Case] = [
    Case(
        "a. HTML, 1 strategy vs SP500",
        "algofolio (HTML file)",
        {
            "algofolio (HTML file)": html_ours(1),
            "algofolio (HTML + 3 CSV)": html_ours(1, all_files=True),
            "quantstats": html_quantstats(1),
        },
        "html",
    ),
    Case(
        "b. HTML, 2 strategies (demo)",
        "algofolio (one page)",
        {
            "algofolio (one page)": html_ours(2),
            "quantstats (a page each)": html_quantstats(2),
            "quantstats (2 columns, 1 page)": html_quantstats(2, one_call=True),
        },
        "html",
    ),
    Case(
        "c. PNG charts, 1 strategy",
        "algofolio (8 comparable)",
        {
            "algofolio (8 comparable)": png_ours("comparable"),
            "algofolio (all 13)": png_ours("all"),
            "algofolio (1 chart)": png_ours("one"),
            "quantstats (10 plots)": png_quantstats,
        },
        "png",
    ),
    Case(
        "d. CLI latency (no peer)",
        "algofolio --help",
        {label: cli(label) for label in CLI_COMMANDS},
        "cli",
        min_repeat=CLI_REPEAT,
    ),
]


# ---------------------------------------------------------------- measuring
def measure(
    case_name: str, contender: str, inputs: dict[str, str], out: str, repeat: int
) -> dict[str, Any]:
    """In a child process: median seconds, peak RSS (own and largest child), last outcome."""
    case = next(c for c in CASES if c.name == case_name)
    warnings.simplefilter("ignore")
    run = case.contenders[contender](inputs, Path(out))
    outcome = run()  # warm-up
    times, per_chart = [], collections.defaultdict(list)
    for _ in range(max(repeat, case.min_repeat)):
        started = time.perf_counter()
        outcome = run()
        times.append(time.perf_counter() - started)
        for name, seconds in outcome.get("chart_seconds", {}).items():
            per_chart[name].append(seconds)
    outcome["chart_seconds"] = {k: statistics.median(v) for k, v in per_chart.items()}
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "seconds": statistics.median(times),
        "peak_mib": own,
        "child_peak_mib": children,
        "outcome": outcome,
    }


def _child(
    case: str, contender: str, inputs: dict[str, str], out: str, args: argparse.Namespace
) -> dict[str, Any]:
    spec = json.dumps({"case": case, "contender": contender, "inputs": inputs, "out": out})
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--child", spec, "--repeat", str(args.repeat)],
            capture_output=True,
            text=True,
            check=False,
            timeout=args.timeout,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish in {args.timeout:g} s"}
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or ["no output"]
        return {"error": lines[-1][:100]}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


# ---------------------------------------------------------------- checks (from the files written)
def _mb(size: int) -> str:
    return f"{size / 1e6:.2f} MB"


def _table(page: str, first_cell: str) -> dict[str, dict[str, str]]:
    """The metrics table of ``page`` whose header starts with ``first_cell``: ``{column header:
    {row label: cell text}}``."""
    start = page.find(f"<th>{first_cell}</th>")
    end = page.find("</table>", start)
    block = page[start:end]
    headers = [html.unescape(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", block)][1:]
    columns: dict[str, dict[str, str]] = {h: {} for h in headers}
    for row in re.findall(r"<tr><td>(.*?)</tr>", block):
        cells = [html.unescape(c) for c in re.findall(r"([^<>]*)</td>", "<td>" + row)]
        for header, cell in zip(headers, cells[1:], strict=False):
            columns[header][cells[0]] = cell
    return columns


def _number(text: str) -> float:
    """A displayed number as a magnitude (``"-42.95%"`` -> 42.95); NaN when not a number."""
    try:
        return abs(float(text.replace("%", "").replace(",", "")))
    except ValueError:
        return float("nan")


def _metrics(page: str, ours: bool) -> dict[str, dict[str, float]]:
    """``{column: {metric: value as displayed}}`` from algofolio's or quantstats' metrics table."""
    table = _table(page, "Metric")
    label = 1 if ours else 2
    return {
        column: {m[0]: _number(rows[m[label]]) for m in METRICS if m[label] in rows}
        for column, rows in table.items()
    }


def html_check(outcome: Outcome, reference: dict[str, dict[str, float]] | None) -> tuple[str, Any]:
    """Check text for an HTML contender, and its parsed metrics (the reference's, for later rows)."""
    pages = [Path(f).read_text(encoding="utf-8") for f in outcome["files"]]
    size = sum(os.path.getsize(f) for f in outcome["files"])
    text = f"{len(pages)} file{'s' if len(pages) > 1 else ''}, {_mb(size)}"
    if reference is None:  # algofolio's page
        page = pages[0]
        scripts = re.findall(r"<script(?![^>]*data-figure)[^>]*>(.*?)</script>", page, re.S)
        plotly = max(map(len, scripts), default=0)  # the inlined library, the largest script
        text += f" ({_mb(plotly)} of it plotly.js), {page.count('data-figure=')} charts"
        if outcome.get("others"):
            text += f" + {outcome['others']} CSV"
        metrics = _metrics(page, ours=True)
        shown = metrics[next(iter(metrics))]
        return text + f"; {', '.join(f'{k} {v:.2f}' for k, v in shown.items())}", metrics
    charts = sum(p.count("<svg") + p.count("<img") for p in pages)
    text += f", {charts} charts"
    theirs: dict[str, dict[str, float]] = {}
    for page in pages:
        theirs.update({k: v for k, v in _metrics(page, ours=False).items() if k != BENCHMARK})
    agree, differ = 0, []
    for strategy, values in theirs.items():
        mine = reference.get(strategy, {})
        for metric, value in values.items():
            if metric in mine and round(value, 2) == round(mine[metric], 2):
                agree += 1
            else:
                differ.append(f"{metric} {value:.2f} vs {mine.get(metric, float('nan')):.2f}")
    text += f"; {agree}/{agree + len(differ)} metrics = ours (2 dp)"
    return text + (f"; differ: {', '.join(differ)}" if differ else ""), None


def png_check(result: dict[str, Any]) -> str:
    from PIL import Image

    files = result["outcome"]["files"]
    widths, valid = set(), 0
    for name in files:
        with open(name, "rb") as stream:
            signature = stream.read(8) == b"\x89PNG\r\n\x1a\n"
        with Image.open(name) as image:
            image.load()  # a full decode: raises on a truncated or corrupt file
            widths.add(image.size[0])
            valid += signature and image.format == "PNG"
    size = sum(os.path.getsize(f) for f in files)
    text = f"{len(files)} PNG, {valid} valid, {'/'.join(map(str, sorted(widths)))} px wide, {_mb(size)}"
    seconds = result["outcome"].get("chart_seconds") or {}
    if seconds:
        slowest = max(seconds, key=seconds.__getitem__)
        text += (
            f"; per chart median {statistics.median(seconds.values()):.2f} s,"
            f" slowest {slowest} {seconds[slowest]:.2f} s"
        )
    if result["child_peak_mib"] > 50:
        text += f"; largest Chromium process {result['child_peak_mib']:.0f} MiB"
    return text


def cli_check(outcome: Outcome) -> str:
    out = outcome["stdout"]
    if not out:
        return "exit 0"
    with contextlib.suppress(json.JSONDecodeError):
        data = json.loads(out)
        return f"exit 0, JSON: {len(data['datasets'])} datasets"
    return f"exit 0, {len(out.splitlines())} lines of help"


# ---------------------------------------------------------------- where the CLI's time goes
def import_breakdown(command: list[str], top: int = 6) -> str:
    """``python -X importtime`` of ``command``: total import time, the self time of the largest
    top-level packages, and the algofolio modules (not the CLI's) whose imports cost most."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *command],
        capture_output=True,
        text=True,
        check=True,
    )
    by_root: collections.Counter[str] = collections.Counter()
    cumulative: dict[str, int] = {}
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|\s*(\S+)", line)
        if match:
            name = match.group(3)
            by_root[name.split(".")[0]] += int(match.group(1))
            if name.startswith("algofolio"):
                cumulative[name] = int(match.group(2))
    total = sum(by_root.values()) / 1e6
    parts = ", ".join(f"{root} {us / 1e6:.2f}" for root, us in by_root.most_common(top))
    ours = sorted(
        ((us, name) for name, us in cumulative.items() if name.count(".") and ".cli" not in name),
        reverse=True,
    )[:4]
    chain = ", ".join(f"{name} {us / 1e6:.2f}" for us, name in ours)
    return (
        f"imports {total:.2f} s; self time by package (s): {parts}\n"
        f"   largest algofolio imports, cumulative (s): {chain}"
    )


# ---------------------------------------------------------------- the table
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="cases whose name contains this text")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs after the warm-up")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per contender")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        spec = json.loads(args.child)
        result = measure(spec["case"], spec["contender"], spec["inputs"], spec["out"], args.repeat)
        print(json.dumps(result))
        return
    header = f"{'case':<29} {'contender':<31} {'median s':>9} {'peak MiB':>9} {'ratio':>8}  check"
    with tempfile.TemporaryDirectory() as folder:
        inputs = build_inputs(Path(folder))
        print(_environment(args))
        print(header)
        print("-" * (len(header) + 60))
        marginal: dict[str, float] = {}
        for case in CASES:
            if args.only and args.only not in case.name:
                continue
            marginal.update(_print_case(case, inputs, Path(folder), args))
        print(
            "\nratio = contender's median time / the reference's (first row of each case);"
            " > 1: the reference is faster."
            "\npeak MiB: the contender process (d.: the CLI process); Chromium apart in check."
        )
        if {"algofolio (all 13)", "algofolio (1 chart)"} <= marginal.keys():
            per_chart = (marginal["algofolio (all 13)"] - marginal["algofolio (1 chart)"]) / 12
            start = marginal["algofolio (1 chart)"] - per_chart
            print(
                f"c.: algofolio's marginal chart {per_chart:.2f} s ((13 charts - 1 chart) / 12);"
                f" browser start and first chart's setup about {start:.2f} s."
            )
        if not args.only or args.only in CASES[-1].name:
            for label in ("algofolio --help", "algofolio data list --json"):
                command = CLI_COMMANDS[label]
                print(f"d. {label}: {import_breakdown(command)}")


def _environment(args: argparse.Namespace) -> str:
    from importlib.metadata import version

    packages = ("algofolio", "quantstats", "plotly", "kaleido", "matplotlib", "pandas")
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return (
        f"{stamp}; {os.cpu_count()} CPUs; python {sys.version.split()[0]}; "
        + ", ".join(f"{name} {version(name)}" for name in packages)
        + f"; warm-up + median of {args.repeat} (d.: of {max(args.repeat, CLI_REPEAT)})\n"
    )


def _print_case(
    case: Case, inputs: dict[str, str], folder: Path, args: argparse.Namespace
) -> dict[str, float]:
    results = {}
    for k, contender in enumerate(case.contenders):
        out = str(folder / f"{case.name[0]}-{k}")
        results[contender] = _child(case.name, contender, inputs, out, args)
    reference = results[case.reference]
    ref_ok = "error" not in reference
    parsed = None
    if ref_ok and case.kind == "html":
        parsed = html_check(reference["outcome"], None)[1]
    seconds = {}
    for contender, result in results.items():
        start = f"{case.name:<29} {contender:<31}"
        if "error" in result:
            print(f"{start} failed: {result['error']}")
            continue
        seconds[contender] = result["seconds"]
        ratio = ""
        if ref_ok and contender != case.reference:
            times = result["seconds"] / reference["seconds"]
            ratio = f"{times:7.1f}x" if times >= 1 else f"{times:7.3f}x"
        if case.kind == "html":
            ours = contender.startswith("algofolio")
            check = html_check(result["outcome"], None if ours else parsed or {})[0]
        elif case.kind == "png":
            check = png_check(result)
        else:
            check = cli_check(result["outcome"])
        peak = result["child_peak_mib"] if case.kind == "cli" else result["peak_mib"]
        print(f"{start} {result['seconds']:9.3f} {peak:9.0f} {ratio:>8}  {check}")
    return seconds


if __name__ == "__main__":
    main()

"""``algofolio profile``: an investor profile -> a strategic allocation and rebalancing rule."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.text import Text

from algofolio.cli.options import JsonFlag
from algofolio.cli.output import echo_json

if TYPE_CHECKING:
    from algofolio.workflows.profile import InvestorProfile, Proposal, Question

__all__ = ["EXAMPLES", "ask_profile", "profile"]

EXAMPLES = (
    "algofolio profile --from examples/profile.toml",
    "algofolio profile --from examples/profile.toml --json --write-config my_mix.toml",
)


def profile(
    from_file: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="TOML file with a [profile] table (risk_tolerance, horizon_years, goal); "
            "without it the three questions are asked.",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    write_config: Annotated[
        Path | None,
        typer.Option(
            "--write-config",
            help="Also write the proposal as a backtest config (TOML) that algofolio backtest "
            "runs.",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    json_output: JsonFlag = False,
) -> None:
    """A strategic allocation and a rebalancing rule for your risk tolerance, horizon and goal,
    explained in plain words, with how the mix fared on the bundled S&P 500 history.

    An illustration from a simple, documented rule and past prices, not investment advice.
    """
    from algofolio.core.errors import ConfigError
    from algofolio.workflows.profile import load_profile, propose

    if from_file is None and json_output:
        raise ConfigError(
            "--json: give the answers with --from FILE (the questions need a terminal)"
        )
    answers = load_profile(from_file) if from_file is not None else ask_profile()
    proposal = propose(answers)
    written = None
    if write_config is not None:
        from algofolio.report.atomic import write_text_atomic

        written = write_text_atomic(write_config, proposal.config_toml())
    if json_output:
        echo_json({**proposal.to_payload(), "config": None if written is None else str(written)})
        return
    _print_proposal(proposal)
    if written is not None:
        Console().print(f"wrote {written}", highlight=False, markup=False, soft_wrap=True)


def ask_profile() -> InvestorProfile:
    """Ask the three questions on the terminal (each re-asked until its answer is valid)."""
    from algofolio.workflows.profile import QUESTIONS, InvestorProfile

    answers = {question.key: _ask(question) for question in QUESTIONS}
    return InvestorProfile(**answers)  # type: ignore[arg-type]


def _ask(question: Question) -> str | int:
    from algofolio.core.errors import ConfigError

    typer.echo(question.help, err=True)
    suffix = f" [{'/'.join(question.choices)}]" if question.choices else " [years]"
    while True:
        answer: str = typer.prompt(question.text + suffix, err=True)
        try:
            return question.parse(answer)
        except ConfigError as exc:
            typer.echo(f"error: {exc}; please answer again.", err=True)


def _print_proposal(proposal: Proposal) -> None:
    from algofolio.cli.tables import figures_table, weights_table
    from algofolio.report.formatting import format_money, format_weight

    console = Console()
    answers = proposal.profile
    console.print(
        Text(
            f"Profile: risk tolerance {answers.risk_tolerance}, horizon {answers.horizon_years} "
            f"years, goal {answers.goal}"
        )
    )
    console.print(weights_table(proposal.weights, title="Strategic allocation"))
    console.print(Text(f"Rebalancing: {proposal.rule.describe()}"), soft_wrap=True)
    for sentence in proposal.explanation:
        console.print(Text(f"- {sentence}"))
    history = proposal.history
    rows = [
        ("Period", f"{history.start:%Y-%m-%d} to {history.end:%Y-%m-%d}"),
        ("Final value", format_money(history.nav.iloc[-1])),
        ("CAGR", format_weight(history.cagr)),
        ("Volatility (annual)", format_weight(history.volatility)),
        ("Max drawdown", format_weight(history.max_drawdown)),
        ("Rebalances", f"{history.rebalances}"),
    ]
    if history.worst_year is not None:
        rows.append(
            (f"Worst year ({history.worst_year})", format_weight(history.worst_year_return))
        )
    console.print(figures_table(rows, title="How the mix fared"))
